/* ABI check: our include/xen/ layouts and constants against Linux 6.1's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/*
 * ABI_DIR/ours.txt and ABI_DIR/linux.txt come from the two programs
 * tests/abi/genabi.py generates; each line is "<kind> <key> <value>"
 * (kind, key, value separated by tabs) and both sides print the same keys. One Check test per group: a type
 * with its fields, or the constants sharing a prefix (VIRQ_, GNTST_, ...).
 */

#define MAX_ITEMS 4096

struct item {
	char key[160];           /* "<kind> <name>", e.g. "field struct x.f" */
	char val[96];
	char group[96];
};

static struct item ours[MAX_ITEMS], linux_[MAX_ITEMS];
static int n_ours, n_linux;
static char groups[MAX_ITEMS][96];
static int n_groups, n_compared;

/* The group an item belongs to: its type, or its constant-name prefix. */
static void group_of(const char *key, char *out, size_t len)
{
	const char *name = strchr(key, ' ') + 1;
	size_t n;

	if (strncmp(key, "const ", 6) == 0) {
		n = strspn(name, "_");
		n += strcspn(name + n, "_");
		if (name[n] == '_')
			n++;
		snprintf(out, len, "constants %.*s*", (int)n, name);
	} else {
		n = strcspn(name, ".");
		snprintf(out, len, "%.*s", (int)n, name);
	}
}

/* Copies a NUL-terminated string, cut to fit. */
static void copy(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Reads one side; returns the count, or -1 (and sets *skip) on a SKIP line. */
static int load(const char *path, struct item *items, char *skip, size_t len)
{
	FILE *f = fopen(path, "r");
	char line[320];
	int n = 0;

	if (!f) {
		snprintf(skip, len, "cannot open %s", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) && n < MAX_ITEMS) {
		char *nl = strchr(line, '\n'), *sp, *sp2;

		if (nl)
			*nl = '\0';
		if (strncmp(line, "SKIP ", 5) == 0) {
			copy(skip, len, line + 5);
			fclose(f);
			return -1;
		}
		sp = strchr(line, '\t');
		sp2 = sp ? strchr(sp + 1, '\t') : NULL;
		if (!sp2)
			continue;
		*sp = ' ';
		*sp2 = '\0';
		copy(items[n].key, sizeof(items[n].key), line);
		copy(items[n].val, sizeof(items[n].val), sp2 + 1);
		group_of(items[n].key, items[n].group, sizeof(items[n].group));
		n++;
	}
	fclose(f);
	return n;
}

static const struct item *find(const struct item *items, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (strcmp(items[i].key, key) == 0)
			return &items[i];
	return NULL;
}

/* Every item of group _i: same value on both sides, else name them all. */
START_TEST(test_group)
{
	static char msg[3072];
	size_t used = 0;
	int bad = 0;

	msg[0] = '\0';
	for (int i = 0; i < n_ours; i++) {
		const struct item *o = &ours[i], *l;

		if (strcmp(o->group, groups[_i]) != 0)
			continue;
		l = find(linux_, n_linux, o->key);
		if (!l || strcmp(o->val, l->val) == 0)
			continue;
		bad++;
		if (used < sizeof(msg) - 400)
			used += snprintf(msg + used, sizeof(msg) - used,
				"\n  %s: ours %s, Linux's %s", o->key, o->val, l->val);
	}
	ck_assert_msg(bad == 0, "%s: %d difference(s)%s", groups[_i], bad, msg);
}
END_TEST

/* ABI_DIR/headers.txt: "<header> <hosted|freestanding> ok|FAILS" lines. */
START_TEST(test_self_contained)
{
	FILE *f = fopen(ABI_DIR "/headers.txt", "r");
	char line[256], msg[2048] = "";
	size_t used = 0;
	int n = 0, bad = 0;

	ck_assert_msg(f != NULL, "cannot open %s", ABI_DIR "/headers.txt");
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		n++;
		if (strstr(line, " ok") && line[strlen(line) - 1] == 'k')
			continue;
		bad++;
		if (used < sizeof(msg) - 300)
			used += snprintf(msg + used, sizeof(msg) - used, "\n  %.250s",
					 line);
	}
	fclose(f);
	ck_assert_msg(n > 0, "no headers were compiled");
	ck_assert_msg(bad == 0, "%d header build(s) failed on their own "
		      "(header, mode):%s", bad, msg);
}
END_TEST

static Suite *abi_suite(void)
{
	Suite *s = suite_create("abi");
	TCase *tc = tcase_create("linux-6.1");
	TCase *hdr = tcase_create("headers");

	tcase_add_test(hdr, test_self_contained);
	suite_add_tcase(s, hdr);
	tcase_add_loop_test(tc, test_group, 0, n_groups);
	suite_add_tcase(s, tc);
	return s;
}

/* "# constants defined only in X (N):" counts, from genabi.py. */
static void only_counts(int *in_ours, int *in_linux)
{
	FILE *f = fopen(ABI_DIR "/constants.txt", "r");
	char line[256];

	*in_ours = *in_linux = -1;
	while (f && fgets(line, sizeof(line), f)) {
		sscanf(line, "# constants defined only in ours (%d)", in_ours);
		sscanf(line, "# constants defined only in Linux (%d)", in_linux);
	}
	if (f)
		fclose(f);
}

int main(void)
{
	static Suite *(*const suites[])(void) = { abi_suite, NULL };
	char skip[256] = "";
	int only_o, only_l;

	n_ours = load(ABI_DIR "/ours.txt", ours, skip, sizeof(skip));
	if (n_ours >= 0)
		n_linux = load(ABI_DIR "/linux.txt", linux_, skip, sizeof(skip));
	if (n_ours < 0 || n_linux < 0) {
		printf("abi: SKIP: %s\n", skip);
		n_groups = 0;
		return harness_run(suites);
	}
	for (int i = 0; i < n_ours; i++) {
		int g;

		if (!find(linux_, n_linux, ours[i].key))
			continue;
		n_compared++;
		for (g = 0; g < n_groups; g++)
			if (strcmp(groups[g], ours[i].group) == 0)
				break;
		if (g == n_groups)
			copy(groups[n_groups++], sizeof(groups[0]),
			     ours[i].group);
	}
	only_counts(&only_o, &only_l);
	printf("abi: %d items compared with Linux 6.1 in %d groups "
	       "(constants only in ours: %d, only in Linux: %d; see %s)\n",
	       n_compared, n_groups, only_o, only_l, ABI_DIR "/constants.txt");
	return harness_run(suites);
}
