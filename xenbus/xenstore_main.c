/*
 * The xenstore-* tools in one binary, chosen by argv[0] ("xenstore-read")
 * or by the first argument ("xenstore read"): read, write, rm, exists,
 * list, ls, chmod, watch, with Xen's options, output and exit codes.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "xenstore.h"

enum mode { M_chmod, M_exists, M_list, M_ls, M_read, M_rm, M_write, M_watch };
static const char *const mode_names[] = {
	"chmod", "exists", "list", "ls", "read", "rm", "write", "watch",
};
static const char *const mode_usage[] = {
	"[-h] [-u] [-r] key <mode [modes...]>", "[-h] key", "[-h] [-p] key [...]",
	"[-h] [-f] [-p] [path]", "[-h] [-p] [-R] key [...]", "[-h] [-t] key [...]",
	"[-h] [-R] key value [...]", "[-h] [-n NR] key",
};

struct opts {
	enum mode mode;
	int prefix, tidy, upto, recurse, raw, flat;
	int nr_watches;
};

static int max_width = 80, desired_width = 60;

static void usage(int status, const struct opts *o, int in_argv1,
		  const char *prog)
{
	errx(status, "Usage: %s %s%s%s", prog, in_argv1 ? mode_names[o->mode] : "",
	     in_argv1 ? " " : "", mode_usage[o->mode]);
}

/* xs_sanitise() into a fresh buffer. Caller frees. */
static char *sanitised(const char *val, unsigned int len)
{
	char *out = malloc(XS_SANITISED_MAX(len));

	if (!out)
		err(1, "malloc");
	xs_sanitise(val, len, out);
	return out;
}

static void print_perms(struct xs_handle *h, const char *path)
{
	unsigned int n;
	struct xs_permissions *p = xs_get_permissions(h, XBT_NULL, path, &n);
	char buf[XS_PERM_STRLEN];

	if (!p) {
		warn("\ncould not access permissions for %s", path);
		return;
	}
	fputs("  (", stdout);
	for (unsigned int i = 0; i < n; i++) {
		xs_perm_format(&p[i], buf);
		printf("%s%s", i ? "," : "", buf);
	}
	putchar(')');
	free(p);
}

static void do_ls(struct xs_handle *h, const char *path, int depth,
		  const struct opts *o)
{
	static const int tag_len = 8;  /* strlen(" = \"...\"") */
	unsigned int num, len;
	char **e = xs_directory(h, XBT_NULL, path, &num);

	if (!e) {
		if (depth && errno == ENOENT)
			return;  /* vanished while we walked */
		err(1, "xs_directory (%s)", path);
	}
	for (unsigned int i = 0; i < num; i++) {
		char child[XENSTORE_ABS_PATH_MAX + 1024];
		int w = 0;

		snprintf(child, sizeof(child), "%s%s%s", path,
			 path[strlen(path) - 1] == '/' ? "" : "/", e[i]);
		if (o->flat) {
			fputs(child, stdout);
		} else {
			printf("%*s", depth, "");
			w = depth + printf("%.*s", max_width - tag_len - depth,
					   e[i]);
		}
		char *val = xs_read(h, XBT_NULL, child, &len);
		if (!val) {
			printf(":");
		} else {
			char *s = sanitised(val, len);
			if (max_width < w + (int)len + tag_len) {
				printf(" = \"%.*s\\...\"", max_width - tag_len - w,
				       s);
			} else {
				w += printf(" = \"%s\"", s);
				if (o->prefix) {
					int end = desired_width < max_width ?
						  desired_width : max_width;
					putchar(' ');
					for (w++; w < end; w++)
						putchar(w & 1 ? '.' : ' ');
				}
			}
			free(s);
			free(val);
		}
		if (o->prefix)
			print_perms(h, child);
		putchar('\n');
		do_ls(h, child, depth + 1, o);
	}
	free(e);
}

static void do_chmod(struct xs_handle *h, xs_transaction_t t, char *path,
		     struct xs_permissions *p, unsigned int n, int upto,
		     int recurse)
{
	if (!path[0])
		return;
	if (!xs_set_permissions(h, t, path, p, n))
		err(1, "Error occurred setting permissions on '%s'", path);
	if (upto) {
		char *slash = strrchr(path, '/');
		if (!slash)
			errx(1, "Unable to locate path separator '/' in '%s'",
			     path);
		*slash = 0;
		do_chmod(h, t, path, p, n, 1, 0);
		*slash = '/';
	}
	if (recurse) {
		unsigned int num;
		char **e = xs_directory(h, t, path, &num);
		for (unsigned int i = 0; e && i < num; i++) {
			char child[XENSTORE_ABS_PATH_MAX + 1];
			snprintf(child, sizeof(child), "%s/%s", path, e[i]);
			do_chmod(h, t, child, p, n, 0, 1);
		}
		free(e);
	}
}

static char *out_buf;
static size_t out_len, out_cap;

static void out_bytes(const char *p, size_t n)
{
	if (out_len + n > out_cap) {
		out_cap = (out_len + n) * 2 + 1024;
		out_buf = realloc(out_buf, out_cap);
		if (!out_buf)
			err(1, "malloc");
	}
	memcpy(out_buf + out_len, p, n);
	out_len += n;
}

static void out_str(const char *a, const char *b)
{
	out_bytes(a, strlen(a));
	out_bytes(b, strlen(b));
}

/* rm -t: after removing path, remove parents left empty and valueless. */
static int rm_tidy(struct xs_handle *h, xs_transaction_t t, const char *arg)
{
	char *p = strdup(arg);

	for (;;) {
		unsigned int len, num;
		if (!xs_rm(h, t, p)) {
			warnx("could not remove path %s", p);
			free(p);
			return 1;
		}
		char *slash = strrchr(p, '/');
		if (!slash)
			break;
		*slash = 0;
		char *val = xs_read(h, t, p, &len);
		char **list = val && len == 0 ? xs_directory(h, t, p, &num)
					      : NULL;
		free(val);
		free(list);
		if (!list || num)
			break;
	}
	free(p);
	return 0;
}

static int perform(struct xs_handle *h, xs_transaction_t t,
		   const struct opts *o, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		unsigned int len, num;
		char *val;
		switch (o->mode) {
		case M_read:
			val = xs_read(h, t, argv[i], &len);
			if (!val) {
				warnx("couldn't read path %s", argv[i]);
				return 1;
			}
			if (o->prefix)
				out_str(argv[i], ": ");
			if (o->raw) {
				out_bytes(val, len);
			} else {
				char *s = sanitised(val, len);
				out_str(s, "\n");
				free(s);
			}
			free(val);
			break;
		case M_write: {
			char *v = argv[i + 1];
			char *buf = malloc(strlen(v) + 1);
			if (!buf)
				err(1, "malloc");
			len = o->raw ? (unsigned int)strlen(strcpy(buf, v))
				     : xs_unsanitise(buf, v);
			int okay = xs_write(h, t, argv[i], buf, len);
			free(buf);
			if (!okay) {
				warnx("could not write path %s", argv[i]);
				return 1;
			}
			i++;
			break;
		}
		case M_rm:
			if (o->tidy ? rm_tidy(h, t, argv[i]) : !xs_rm(h, t, argv[i])) {
				if (!o->tidy)
					warnx("could not remove path %s", argv[i]);
				return 1;
			}
			break;
		case M_exists:
			val = xs_read(h, t, argv[i], NULL);
			if (!val)
				return 1;
			free(val);
			break;
		case M_list: {
			char **list = xs_directory(h, t, argv[i], &num);
			const char *pref = strcmp(argv[i], "/") ? argv[i] : "";
			if (!list) {
				warnx("could not list path %s", argv[i]);
				return 1;
			}
			for (unsigned int k = 0; k < num; k++) {
				if (o->prefix)
					out_str(pref, "/");
				out_str(list[k], "\n");
			}
			free(list);
			break;
		}
		case M_ls:
			do_ls(h, argv[i], 0, o);
			break;
		case M_chmod: {
			int n = argc - i - 1;
			struct xs_permissions p[n > 0 ? n : 1];
			for (int k = 0; k < n; k++) {
				const char *s = argv[i + 1 + k];
				if (!strchr("nrwb", s[0]) || !s[0])
					errx(1, "Invalid permission specification: '%c'",
					     s[0]);
				p[k].id = (unsigned int)atoi(s + 1);
				p[k].perms = s[0] == 'n' ? XS_PERM_NONE :
					     s[0] == 'r' ? XS_PERM_READ :
					     s[0] == 'w' ? XS_PERM_WRITE :
					     XS_PERM_READ | XS_PERM_WRITE;
			}
			do_chmod(h, t, argv[i], p, (unsigned int)n, o->upto,
				 o->recurse);
			return 0;
		}
		case M_watch:
			for (; i < argc; i++)
				if (!xs_watch(h, argv[i], argv[i]))
					errx(1, "Unable to add watch on %s\n",
					     argv[i]);
			for (int k = 0; o->nr_watches < 0 || k < o->nr_watches;
			     k++) {
				char **ev = xs_read_watch(h, &num);
				if (!ev) {
					if (errno == ECONNRESET || errno == EIO)
						err(1, "xs_read_watch");
					continue;
				}
				printf("%s\n", ev[XS_WATCH_PATH]);
				fflush(stdout);
				free(ev);
			}
			return 0;
		}
	}
	return 0;
}

static enum mode lookup_mode(const char *m)
{
	for (unsigned int i = 0; i < sizeof(mode_names) / sizeof(*mode_names); i++)
		if (strcmp(m, mode_names[i]) == 0)
			return (enum mode)i;
	errx(1, "unknown mode %s\n", m);
}

/* Which option letters each mode takes. */
static int option_allowed(enum mode m, int c)
{
	switch (c) {
	case 'f': return m == M_ls;
	case 'p': return m == M_read || m == M_list || m == M_ls;
	case 't': return m == M_rm;
	case 'u': case 'r': return m == M_chmod;
	case 'n': return m == M_watch;
	case 'R': return m == M_read || m == M_write;
	}
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", 0, 0, 'h' }, { "flat", 0, 0, 'f' },
		{ "prefix", 0, 0, 'p' }, { "tidy", 0, 0, 't' },
		{ "upto", 0, 0, 'u' }, { "recurse", 0, 0, 'r' },
		{ "number", 1, 0, 'n' }, { "raw", 0, 0, 'R' },
		{ 0, 0, 0, 0 },
	};
	const char *cmd = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1
						 : argv[0];
	struct opts o = { .nr_watches = -1 };
	int shift = 0, c, transaction, ret;
	struct xs_handle *h;
	struct winsize ws;

	if (strncmp(cmd, "xenstore-", 9) == 0) {
		cmd += 9;
	} else if (argc < 2) {
		errx(1, "Usage: %s <mode> [-h] [...]", argv[0]);
	} else {
		cmd = argv[1];
		shift = 1;
	}
	o.mode = lookup_mode(cmd);
	argc -= shift;
	argv += shift;
	while ((c = getopt_long(argc, argv, "hfspturn:R", longopts, NULL)) != -1) {
		if (c == 'h')
			usage(0, &o, shift, argv[-shift]);
		if (c == '?' || !option_allowed(o.mode, c))
			usage(1, &o, shift, argv[-shift]);
		switch (c) {
		case 'f': o.flat = 1; max_width = INT_MAX / 2;
			desired_width = 0; break;
		case 'p': o.prefix = 1; break;
		case 't': o.tidy = 1; break;
		case 'u': o.upto = 1; break;
		case 'r': o.recurse = 1; break;
		case 'n': o.nr_watches = atoi(optarg); break;
		case 'R': o.raw = 1; break;
		}
	}
	int nargs = argc - optind;
	if ((o.mode == M_write && nargs % 2) || (o.mode != M_ls && !nargs))
		usage(1, &o, shift, argv[-shift]);
	if (o.mode == M_chmod && nargs < 2)
		usage(1, &o, shift, argv[-shift]);
	transaction = o.mode == M_read ? nargs > 1 :
		      o.mode == M_write ? nargs > 2 :
		      o.mode != M_ls && o.mode != M_watch;
	if (o.mode == M_ls && !o.flat && ioctl(STDOUT_FILENO, TIOCGWINSZ,
					       &ws) == 0 && ws.ws_col)
		max_width = ws.ws_col - 2;
	char *root[] = { "/" };
	char **args = nargs ? argv + optind : root;
	if (!nargs)
		nargs = 1;

	h = xs_open(0);
	if (!h)
		err(1, "xs_open");
	for (;;) {
		xs_transaction_t t = XBT_NULL;
		if (transaction && (t = xs_transaction_start(h)) == XBT_NULL)
			errx(1, "couldn't start transaction");
		ret = perform(h, t, &o, nargs, args);
		if (!transaction || xs_transaction_end(h, t, ret != 0))
			break;
		if (ret || errno != EAGAIN)
			errx(1, "couldn't end transaction");
		out_len = 0;
	}
	fwrite(out_buf, 1, out_len, stdout);
	free(out_buf);
	xs_close(h);
	return ret;
}
