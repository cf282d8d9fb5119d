/* The hypervisor log: level filtering, "(XEN) " line prefixes, the ring. */
#include "log.h"
#include "lib.h"
#include "spinlock.h"

#define RING_SIZE (1UL << CONFIG_LOG_RING_SHIFT)
#define TRUNC_MARK "[...]\n"

static DEFINE_SPINLOCK(log_lock);
static char ring[RING_SIZE];
static uint64_t ring_total;             /* bytes ever written to the ring */
static bool ring_grown;                 /* since log_ring_take_grown */
static char msg[LOG_MSG_MAX];           /* formatting buffer, under log_lock */
static int console_level = CONFIG_LOGLEVEL;
static int last_level = LOG_DEFAULT_LEVEL;
static bool at_line_start = true;

static void ring_write(const char *s, size_t len)
{
	if (len)
		__atomic_store_n(&ring_grown, true, __ATOMIC_RELEASE);
	while (len--)
		ring[ring_total++ & (RING_SIZE - 1)] = *s++;
}

/* Sends text of the given level to the ring and, if it passes, the console. */
static void emit(const char *s, size_t len, int level)
{
	if (!len)
		return;
	ring_write(s, len);
	if (level <= console_level)
		console_write(s, len);
}

/* Emits text line by line, putting the prefix at the start of each line. */
static void emit_lines(const char *s, size_t len, int level)
{
	while (len) {
		size_t n = 0;

		while (n < len && s[n] != '\n')
			n++;
		if (n < len)
			n++;            /* include the newline */
		if (at_line_start)
			emit(LOG_LINE_PREFIX, sizeof(LOG_LINE_PREFIX) - 1, level);
		emit(s, n, level);
		at_line_start = s[n - 1] == '\n';
		s += n;
		len -= n;
	}
}

void vprintk(const char *fmt, va_list ap)
{
	unsigned long flags = spin_lock_irqsave(&log_lock);
	const char *p = msg;
	int n, level;

	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n >= (int)sizeof(msg)) {
		n = sizeof(msg) - 1;
		memcpy(msg + n - (sizeof(TRUNC_MARK) - 1), TRUNC_MARK,
		       sizeof(TRUNC_MARK) - 1);
	}
	if (p[0] == '<' && p[1] >= '0' && p[1] <= '7' && p[2] == '>') {
		level = p[1] - '0';
		p += 3;
		n -= 3;
		if (!at_line_start)
			emit_lines("\n", 1, last_level);
	} else {
		level = at_line_start ? LOG_DEFAULT_LEVEL : last_level;
	}
	emit_lines(p, (size_t)n, level);
	last_level = level;
	spin_unlock_irqrestore(&log_lock, flags);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void log_set_console_level(int level)
{
	if (level < 0)
		level = 0;
	if (level > 7)
		level = 7;
	console_level = level;
}

int log_console_level(void)
{
	return console_level;
}

/* Contract in log.h. Takes the log lock. */
size_t log_ring_read(char *buf, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&log_lock);
	size_t stored = ring_total < RING_SIZE ? (size_t)ring_total : RING_SIZE;
	size_t n = len < stored ? len : stored;
	uint64_t from = ring_total - n;

	for (size_t i = 0; i < n; i++)
		buf[i] = ring[(from + i) & (RING_SIZE - 1)];
	spin_unlock_irqrestore(&log_lock, flags);
	return n;
}

bool log_ring_take_grown(void)
{
	return __atomic_exchange_n(&ring_grown, false, __ATOMIC_ACQ_REL);
}

size_t log_ring_size(void)
{
	return RING_SIZE;
}

void log_force_unlock(void)
{
	spin_lock_init(&log_lock);
	at_line_start = true;
}
