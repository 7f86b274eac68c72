/*
 * log.h — lines on stderr, one write(2) each so lines from worker
 * threads never interleave. Personal data is never logged: no query
 * strings, no form fields, no names.
 */
#ifndef SAMPLAN_LOG_H
#define SAMPLAN_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Silence log_info (tests, benchmarks); warnings and errors still show. */
void log_set_quiet(int quiet);

#endif
