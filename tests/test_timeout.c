/*
 * test_timeout.c - MQLAB_TIMEOUT_SCALE is read one way, and clamped.
 *
 * See also: labs/timeout.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdlib.h>

#include "labs/timeout.h"
#include "tests/helpers/isolate.h"

TestSuite(timeout, .init = isolate_or_fail, .timeout = 20);

Test(timeout, unset_or_malformed_means_one)
{
	static const char *const bad[] = {"",	"fast", "-1",  "0",
					  "2x", "nan",	"inf", " "};
	size_t i;

	unsetenv("MQLAB_TIMEOUT_SCALE");
	cr_assert_eq(timeout_scale(), 1.0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("MQLAB_TIMEOUT_SCALE", bad[i], 1);
		cr_assert_eq(timeout_scale(), 1.0, "\"%s\" was accepted",
			     bad[i]);
	}
}

Test(timeout, a_decimal_scale_multiplies_and_rounds)
{
	setenv("MQLAB_TIMEOUT_SCALE", "2.5", 1);
	cr_assert_eq(timeout_scale(), 2.5);
	cr_assert_eq(timeout_scale_ms(100, INT_MAX), 250);
	cr_assert_eq(timeout_scale_ms(3, INT_MAX), 8);
}

Test(timeout, huge_scales_are_clamped_and_never_overflow)
{
	setenv("MQLAB_TIMEOUT_SCALE", "1e300", 1);
	cr_assert_eq(timeout_scale(), TIMEOUT_SCALE_MAX);
	cr_assert_eq(timeout_scale_ms(INT_MAX, INT_MAX), INT_MAX);
	cr_assert_eq(timeout_scale_ms(LLONG_MAX / 2, LLONG_MAX / 2),
		     LLONG_MAX / 2);
	setenv("MQLAB_TIMEOUT_SCALE", "1e-300", 1);
	cr_assert_eq(timeout_scale(), TIMEOUT_SCALE_MIN);
	cr_assert_eq(timeout_scale_ms(1000, INT_MAX), 100);
}
