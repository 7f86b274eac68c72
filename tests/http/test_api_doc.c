/*
 * test_api_doc.c — GET /api/v1/openapi.yaml serves docs/openapi.yaml as
 * the binary embedded it: byte for byte the file in the repository (the
 * build embeds it again when it changes), as application/yaml, to
 * anyone (it holds no data; test_authz checks every caller gets 200).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *data = malloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

static void test_served_bytes_are_the_file(void **state)
{
	(void)state;
	struct ht_server s;
	assert_true(ht_server_start(&s, &(struct ht_server_opts){0}));
	size_t len;
	char *file = read_all("docs/openapi.yaml", &len);
	struct ht_client *anon = ht_client_new(&s);
	const struct ht_response *r = ht_get(anon, "/api/v1/openapi.yaml");
	ht_assert_status(r, 200);
	assert_string_equal(r->content_type, "application/yaml");
	assert_int_equal(r->body_len, len);
	assert_memory_equal(r->body, file, len);
	/* It documents itself. */
	assert_non_null(strstr(r->body, "\n  /api/v1/openapi.yaml:\n"));
	ht_client_free(anon);
	free(file);
	assert_int_equal(ht_server_stop(&s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_served_bytes_are_the_file),
	};
	return cmocka_run_group_tests_name("api_doc", tests, NULL, NULL);
}
