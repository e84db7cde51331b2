/* SPDX-License-Identifier: MIT */
/*
 * Fuchsia's time types and saturating time arithmetic. On Linux the
 * monotonic timeline is CLOCK_MONOTONIC and the boot one CLOCK_BOOTTIME,
 * both in nanoseconds.
 */
#ifndef SYSROOT_ZIRCON_TIME_H_
#define SYSROOT_ZIRCON_TIME_H_

#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * zx_<instant|duration>_<mono|boot>[_ticks]_t: a point in time or a span of
 * time on one timeline, in nanoseconds unless _ticks.
 */
typedef int64_t zx_instant_mono_t;
typedef int64_t zx_instant_mono_ticks_t;
typedef int64_t zx_duration_mono_t;
typedef int64_t zx_duration_mono_ticks_t;
typedef int64_t zx_instant_boot_t;
typedef int64_t zx_instant_boot_ticks_t;
typedef int64_t zx_duration_boot_t;
typedef int64_t zx_duration_boot_ticks_t;

/* The same, for either timeline: nanoseconds, and hardware ticks. */
typedef int64_t zx_time_t;
typedef int64_t zx_duration_t;
typedef int64_t zx_ticks_t;

#define ZX_TIME_INFINITE INT64_MAX
#define ZX_TIME_INFINITE_PAST INT64_MIN

/*
 * Overflow-safe arithmetic: results saturate at ZX_TIME_INFINITE and
 * ZX_TIME_INFINITE_PAST. Names: zx_<first>_<op>_<second>, and
 * zx_duration_from_<unit>.
 */
static inline zx_time_t zx_time_add_duration(zx_time_t time,
					     zx_duration_t duration)
{
	zx_time_t x = 0;

	if (__builtin_add_overflow(time, duration, &x))
		return x >= 0 ? ZX_TIME_INFINITE_PAST : ZX_TIME_INFINITE;
	return x;
}

static inline zx_time_t zx_time_sub_duration(zx_time_t time,
					     zx_duration_t duration)
{
	zx_time_t x = 0;

	if (__builtin_sub_overflow(time, duration, &x))
		return x >= 0 ? ZX_TIME_INFINITE_PAST : ZX_TIME_INFINITE;
	return x;
}

static inline zx_duration_t zx_time_sub_time(zx_time_t time1, zx_time_t time2)
{
	zx_duration_t x = 0;

	if (__builtin_sub_overflow(time1, time2, &x))
		return x >= 0 ? ZX_TIME_INFINITE_PAST : ZX_TIME_INFINITE;
	return x;
}

static inline zx_duration_t zx_duration_add_duration(zx_duration_t dur1,
						     zx_duration_t dur2)
{
	zx_duration_t x = 0;

	if (__builtin_add_overflow(dur1, dur2, &x))
		return x >= 0 ? ZX_TIME_INFINITE_PAST : ZX_TIME_INFINITE;
	return x;
}

static inline zx_duration_t zx_duration_sub_duration(zx_duration_t dur1,
						     zx_duration_t dur2)
{
	zx_duration_t x = 0;

	if (__builtin_sub_overflow(dur1, dur2, &x))
		return x >= 0 ? ZX_TIME_INFINITE_PAST : ZX_TIME_INFINITE;
	return x;
}

static inline zx_duration_t zx_duration_mul_int64(zx_duration_t duration,
						  int64_t multiplier)
{
	zx_duration_t x = 0;

	if (__builtin_mul_overflow(duration, multiplier, &x)) {
		if ((duration > 0 && multiplier > 0) ||
		    (duration < 0 && multiplier < 0))
			return ZX_TIME_INFINITE;
		return ZX_TIME_INFINITE_PAST;
	}
	return x;
}

static inline int64_t zx_nsec_from_duration(zx_duration_t n)
{
	return n;
}

static inline zx_duration_t zx_duration_from_nsec(int64_t n)
{
	return zx_duration_mul_int64(1, n);
}

static inline zx_duration_t zx_duration_from_usec(int64_t n)
{
	return zx_duration_mul_int64(1000, n);
}

static inline zx_duration_t zx_duration_from_msec(int64_t n)
{
	return zx_duration_mul_int64(1000000, n);
}

static inline zx_duration_t zx_duration_from_sec(int64_t n)
{
	return zx_duration_mul_int64(1000000000, n);
}

static inline zx_duration_t zx_duration_from_min(int64_t n)
{
	return zx_duration_mul_int64(INT64_C(60000000000), n);
}

static inline zx_duration_t zx_duration_from_hour(int64_t n)
{
	return zx_duration_mul_int64(INT64_C(3600000000000), n);
}

static inline zx_ticks_t zx_ticks_add_ticks(zx_ticks_t ticks1,
					    zx_ticks_t ticks2)
{
	zx_ticks_t x = 0;

	if (__builtin_add_overflow(ticks1, ticks2, &x))
		return x >= 0 ? ZX_TIME_INFINITE_PAST : ZX_TIME_INFINITE;
	return x;
}

static inline zx_ticks_t zx_ticks_sub_ticks(zx_ticks_t ticks1,
					    zx_ticks_t ticks2)
{
	zx_ticks_t x = 0;

	if (__builtin_sub_overflow(ticks1, ticks2, &x))
		return x >= 0 ? ZX_TIME_INFINITE_PAST : ZX_TIME_INFINITE;
	return x;
}

static inline zx_ticks_t zx_ticks_mul_int64(zx_ticks_t ticks,
					    int64_t multiplier)
{
	zx_ticks_t x = 0;

	if (__builtin_mul_overflow(ticks, multiplier, &x)) {
		if ((ticks > 0 && multiplier > 0) ||
		    (ticks < 0 && multiplier < 0))
			return ZX_TIME_INFINITE;
		return ZX_TIME_INFINITE_PAST;
	}
	return x;
}

/*
 * struct timespec conversions. <time.h> declares struct timespec only for
 * C11 or POSIX.1b; CLOCK_REALTIME and TIME_UTC tell which it did.
 */
#if defined(__cplusplus) || defined(CLOCK_REALTIME) || defined(TIME_UTC)

static inline zx_duration_t zx_duration_from_timespec(struct timespec ts)
{
	return zx_duration_add_duration(zx_duration_from_sec(ts.tv_sec),
					zx_duration_from_nsec(ts.tv_nsec));
}

static inline struct timespec zx_timespec_from_duration(zx_duration_t duration)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(duration / 1000000000);
	ts.tv_nsec = (long)(duration % 1000000000);
	return ts;
}

static inline zx_time_t zx_time_from_timespec(struct timespec ts)
{
	return zx_duration_from_timespec(ts);
}

static inline struct timespec zx_timespec_from_time(zx_time_t time)
{
	return zx_timespec_from_duration(time);
}

#endif

/*
 * Durations from a count of units: constant arguments fold to a constant
 * (usable in static initializers), others go through the saturating
 * functions above.
 */
#define ZX_NSEC(n)                                          \
	(__builtin_constant_p(n) ? ((zx_duration_t)(1LL * (n))) \
				 : (zx_duration_from_nsec(n)))
#define ZX_USEC(n)                                             \
	(__builtin_constant_p(n) ? ((zx_duration_t)(1000LL * (n))) \
				 : (zx_duration_from_usec(n)))
#define ZX_MSEC(n)                                                \
	(__builtin_constant_p(n) ? ((zx_duration_t)(1000000LL * (n))) \
				 : (zx_duration_from_msec(n)))
#define ZX_SEC(n)                                                    \
	(__builtin_constant_p(n) ? ((zx_duration_t)(1000000000LL * (n))) \
				 : (zx_duration_from_sec(n)))
#define ZX_MIN(n)                                                           \
	(__builtin_constant_p(n) ? ((zx_duration_t)(60LL * 1000000000LL * (n))) \
				 : (zx_duration_from_min(n)))
#define ZX_HOUR(n)                                                \
	(__builtin_constant_p(n)                                      \
		 ? ((zx_duration_t)(3600LL * 1000000000LL * (n))) \
		 : (zx_duration_from_hour(n)))

#ifdef __cplusplus
}
#endif

#endif /* SYSROOT_ZIRCON_TIME_H_ */
