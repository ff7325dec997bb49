#!/bin/sh
# The test harness runs every test through this (LOG_COMPILER and SH_LOG_COMPILER, Makefile.am):
# one test in a session of its own under a time limit, CT_TEST_TIMEOUT seconds (600 unless set).
# A test still running then ends as a TAP "Bail out!" naming it, followed by the processes and
# file locks of that moment (taken before the kill, so the hang's cause is in the log), and its
# whole process group is killed: a hang fails CI with a reason instead of running into CI's own
# limit. Each log ends with the test's duration.
limit=${CT_TEST_TIMEOUT:-600}
start=$(date +%s)
setsid "$@" <&0 &
pid=$!
(
	trap 'kill "$s" 2>/dev/null; exit 0' TERM
	sleep "$limit" >/dev/null 2>&1 &
	s=$!
	wait "$s"
	echo "Bail out! $1: still running after $limit s (CT_TEST_TIMEOUT), killed"
	{
		echo "processes at the time limit:"
		ps -eo pid,ppid,pgid,stat,etime,wchan:24,args | cut -c1-240
		echo "file locks:"
		lslocks 2>/dev/null
	} | sed 's/^/# /'
	kill -TERM "-$pid" 2>/dev/null
	for i in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "-$pid" 2>/dev/null || exit 0
		sleep 1 >/dev/null 2>&1
	done
	kill -KILL "-$pid" 2>/dev/null
) &
watchdog=$!
wait "$pid"
rc=$?
kill "$watchdog" 2>/dev/null
wait "$watchdog" 2>/dev/null
echo "# $1: $(($(date +%s) - start)) s"
exit "$rc"
