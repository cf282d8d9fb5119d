/* The CMOS real-time clock: read once at boot for the guests' wallclock. */
#include "types.h"
#include "lib.h"
#include "asm/processor.h"
#include "asm/time.h"

#define CMOS_ADDR 0x70
#define CMOS_DATA 0x71
#define RTC_SEC 0x00
#define RTC_MIN 0x02
#define RTC_HOUR 0x04
#define RTC_DAY 0x07
#define RTC_MON 0x08
#define RTC_YEAR 0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define RTC_CENTURY 0x32     /* the ACPI century register QEMU provides */
#define RTC_UIP 0x80         /* status A: update in progress */
#define RTC_BINARY 0x04      /* status B: binary, not BCD */
#define RTC_24H 0x02         /* status B: 24-hour mode */

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_ADDR, reg);
	return inb(CMOS_DATA);
}

static unsigned int from_bcd(uint8_t v, bool binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 15);
}

struct rtc_time {
	uint8_t sec, min, hour, day, mon, year, century;
};

static void rtc_snapshot(struct rtc_time *t)
{
	for (unsigned int spin = 0; spin < 1000000 &&
	     (cmos_read(RTC_STATUS_A) & RTC_UIP); spin++)
		cpu_relax();
	t->sec = cmos_read(RTC_SEC);
	t->min = cmos_read(RTC_MIN);
	t->hour = cmos_read(RTC_HOUR);
	t->day = cmos_read(RTC_DAY);
	t->mon = cmos_read(RTC_MON);
	t->year = cmos_read(RTC_YEAR);
	t->century = cmos_read(RTC_CENTURY);
}

uint64_t rtc_read_epoch(void)
{
	struct rtc_time a, b;
	uint8_t stb = cmos_read(RTC_STATUS_B);
	bool bin = stb & RTC_BINARY, pm;
	unsigned int year, hour, cent;

	/* Read until two snapshots agree: no update happened in between. */
	rtc_snapshot(&b);
	for (unsigned int tries = 0; tries < 5; tries++) {
		a = b;
		rtc_snapshot(&b);
		if (!memcmp(&a, &b, sizeof(a)))
			break;
	}
	pm = !(stb & RTC_24H) && (b.hour & 0x80);
	hour = from_bcd(b.hour & 0x7f, bin);
	if (!(stb & RTC_24H))
		hour = (hour % 12) + (pm ? 12 : 0);
	cent = from_bcd(b.century, bin);
	year = from_bcd(b.year, bin) + (cent >= 19 && cent <= 99 ? cent * 100 :
					2000);
	if (year < 1970 || b.mon == 0 || from_bcd(b.mon, bin) > 12 ||
	    b.day == 0 || hour > 23)
		return 0;
	return mktime64(year, from_bcd(b.mon, bin), from_bcd(b.day, bin), hour,
			from_bcd(b.min, bin), from_bcd(b.sec, bin));
}
