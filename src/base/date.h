/*
 * date.h — calendar dates as "YYYY-MM-DD" text and as day numbers.
 *
 * Dates (birth, meeting day, valid until) are kept as ISO text in the
 * database; arithmetic (age, days waited) uses days since 1970-01-01.
 * "Today" is the date in Sweden (the process runs with
 * TZ=Europe/Stockholm unless configured otherwise, see main.c).
 */
#ifndef SAMPLAN_DATE_H
#define SAMPLAN_DATE_H

#include <stdbool.h>
#include <stdint.h>

struct date {
	int year, month, day;
};

bool date_is_leap(int year);
int date_days_in_month(int year, int month);
/* A real calendar date between year 1800 and 2199. */
bool date_valid(struct date d);
/* Parse exactly "YYYY-MM-DD" (a real date). */
bool date_parse(const char *s, struct date *out);
/* Write "YYYY-MM-DD" into out[11]. */
void date_format(struct date d, char out[11]);
/* Days since 1970-01-01 (negative before). */
int64_t date_to_days(struct date d);
struct date date_from_days(int64_t days);
/* Today's local date. */
struct date date_today(void);
/* The local date of a Unix time. */
struct date date_of_time(int64_t unix_seconds);
/* Whole years from birth to `on` (age on that day). */
int date_age(struct date birth, struct date on);
/* Compare: <0, 0, >0. */
int date_cmp(struct date a, struct date b);
/* Parse "HH:MM" (00:00..23:59) into minutes since midnight. */
bool time_parse_hhmm(const char *s, int *minutes);

#endif
