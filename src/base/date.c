/*
 * date.c — see date.h. Day numbers use the civil-from-days algorithm
 * (proleptic Gregorian calendar), exact for every valid date.
 */
#include "base/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

bool date_valid(struct date d)
{
	return d.year >= 1800 && d.year <= 2199 && d.month >= 1 &&
	       d.month <= 12 && d.day >= 1 &&
	       d.day <= date_days_in_month(d.year, d.month);
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool date_parse(const char *s, struct date *out)
{
	struct date d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !digits(s, 4, &d.year) || !digits(s + 5, 2, &d.month) ||
	    !digits(s + 8, 2, &d.day) || !date_valid(d))
		return false;
	*out = d;
	return true;
}

void date_format(struct date d, char out[11])
{
	unsigned y = (unsigned)d.year % 10000, m = (unsigned)d.month % 100,
	         day = (unsigned)d.day % 100;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + day / 10);
	out[9] = (char)('0' + day % 10);
	out[10] = '\0';
}

int64_t date_to_days(struct date d)
{
	int64_t y = d.year - (d.month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (d.month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct date date_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	return (struct date){(int)(y + (m <= 2)), (int)m, (int)d};
}

struct date date_of_time(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	return (struct date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

struct date date_today(void) { return date_of_time((int64_t)time(NULL)); }

int date_cmp(struct date a, struct date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

int date_age(struct date birth, struct date on)
{
	int age = on.year - birth.year;
	if (on.month < birth.month ||
	    (on.month == birth.month && on.day < birth.day))
		age--;
	return age;
}

bool time_parse_hhmm(const char *s, int *minutes)
{
	int h, m;
	if (!s || strlen(s) != 5 || s[2] != ':' || !digits(s, 2, &h) ||
	    !digits(s + 3, 2, &m) || h > 23 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}
