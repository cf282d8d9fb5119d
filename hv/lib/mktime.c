/* Calendar date to seconds since the Unix epoch (proleptic Gregorian, UTC). */
#include "types.h"
#include "lib.h"

/*
 * Days from 1970-01-01 to year-mon-day, counting years from March so the
 * leap day falls at the end (the civil-from-days method). Valid for years
 * 1970-9999, months 1-12, days 1-31; no range checks here.
 */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

uint64_t mktime64(unsigned int year, unsigned int mon, unsigned int day,
		  unsigned int hour, unsigned int min, unsigned int sec)
{
	return (uint64_t)days_from_civil(year, mon, day) * 86400 +
	       hour * 3600 + min * 60 + sec;
}
