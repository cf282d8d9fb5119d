/*
 * xenstore transactions: each works on a private copy of the tree, noting
 * which nodes it looked at (with their generation) and which changes it
 * made. Commit fails with EAGAIN if any looked-at node changed meanwhile;
 * otherwise the changes are replayed on the real tree and fire watches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/errno.h>
#include "xs_store.h"

struct xs_trans *xs_trans_find(struct xs_conn *c, uint32_t id)
{
	for (struct xs_trans *t = c->trans; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

void xs_trans_access(struct xs_trans *t, const char *path,
		     const struct xs_node *n)
{
	if (n && n->gen >= t->base_gen)
		return;  /* made or changed by t itself: nothing to compare */
	for (unsigned int i = 0; i < t->nacc; i++)
		if (strcmp(t->acc[i].path, path) == 0)
			return;  /* the first look is what counts */
	struct xs_access *a = realloc(t->acc, (t->nacc + 1) * sizeof(*a));
	if (!a)
		return;
	t->acc = a;
	a[t->nacc].path = xs_strdup(path);
	a[t->nacc].gen = n ? n->gen : 0;
	if (a[t->nacc].path)
		t->nacc++;
}

int xs_trans_log(struct xs_trans *t, uint32_t type, const char *path,
		 const void *data, unsigned int len)
{
	struct xs_logop *ops = realloc(t->ops, (t->nops + 1) * sizeof(*ops));

	if (!ops)
		return -XEN_ENOMEM;
	t->ops = ops;
	struct xs_logop *op = &ops[t->nops];
	op->type = type;
	op->len = len;
	op->path = xs_strdup(path);
	op->data = malloc(len + 1);
	if (!op->path || !op->data) {
		free(op->path);
		free(op->data);
		return -XEN_ENOMEM;
	}
	if (len)
		memcpy(op->data, data, len);
	t->nops++;
	return 0;
}

static void trans_free(struct xs_trans *t)
{
	for (unsigned int i = 0; i < t->nacc; i++)
		free(t->acc[i].path);
	for (unsigned int i = 0; i < t->nops; i++) {
		free(t->ops[i].path);
		free(t->ops[i].data);
	}
	free(t->acc);
	free(t->ops);
	xs_tree_free(&t->view);
	free(t);
}

static void trans_unlink(struct xs_conn *c, struct xs_trans *t)
{
	for (struct xs_trans **pp = &c->trans; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			c->ntrans--;
			return;
		}
	}
}

void xs_trans_free_all(struct xs_conn *c)
{
	while (c->trans) {
		struct xs_trans *t = c->trans;
		c->trans = t->next;
		trans_free(t);
	}
	c->ntrans = 0;
}

int xs_op_transaction_start(struct xs_req *r)
{
	struct xs_quota *q = xs_quota_for(r->s, r->c->domid);
	struct xs_trans *t;
	char id[16];

	if (r->hdr->tx_id)
		return -XEN_EBUSY;
	if (!xs_req_onearg(r))
		return -XEN_EINVAL;
	if (!r->c->privileged && r->c->ntrans >= q->transactions) {
		xs_store_log(r->s, "quota: dom%u refused transaction: %u >= %u",
			     r->c->domid, r->c->ntrans, q->transactions);
		return -XEN_ENOSPC;
	}
	t = calloc(1, sizeof(*t));
	if (!t || xs_tree_clone(&t->view, &r->s->tree) < 0) {
		free(t);
		return -XEN_ENOMEM;
	}
	t->base_gen = t->view.next_gen;
	do {
		t->id = r->s->next_tx++;
	} while (t->id == 0 || xs_trans_find(r->c, t->id));
	t->next = r->c->trans;
	r->c->trans = t;
	r->c->ntrans++;
	snprintf(id, sizeof(id), "%u", t->id);
	return xs_reply_str(r, id);
}

static int conflicts(const struct xs_store *s, const struct xs_trans *t)
{
	for (unsigned int i = 0; i < t->nacc; i++) {
		const struct xs_node *n = xs_tree_lookup(&s->tree,
							 t->acc[i].path);
		if ((n ? n->gen : 0) != t->acc[i].gen)
			return 1;
	}
	return 0;
}

static void replay(struct xs_store *s, const struct xs_conn *c,
		   const struct xs_trans *t)
{
	for (unsigned int i = 0; i < t->nops; i++) {
		const struct xs_logop *op = &t->ops[i];
		switch (op->type) {
		case XS_WRITE:
			xs_apply_write(s, &s->tree, c, op->path, op->data,
				       op->len, 1);
			break;
		case XS_MKDIR:
			xs_apply_mkdir(s, &s->tree, c, op->path, 1);
			break;
		case XS_RM:
			xs_apply_rm(s, &s->tree, op->path, 1);
			break;
		case XS_SET_PERMS:
			xs_apply_perms(s, &s->tree, op->path,
				       (const void *)op->data,
				       op->len / sizeof(struct xs_permissions),
				       1);
			break;
		}
	}
}

int xs_op_transaction_end(struct xs_req *r)
{
	const char *arg = xs_req_onearg(r);
	struct xs_trans *t = r->t;
	int err = 0;

	if (!t)
		return -XEN_ENOENT;
	if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
		return -XEN_EINVAL;
	trans_unlink(r->c, t);
	if (arg[0] == 'T') {
		if (conflicts(r->s, t)) {
			xs_store_log(r->s, "dom%u: transaction %u conflicts, "
				     "EAGAIN", r->c->domid, t->id);
			err = -XEN_EAGAIN;
		} else {
			replay(r->s, r->c, t);
		}
	}
	trans_free(t);
	return err ? err : xs_reply_ok(r);
}
