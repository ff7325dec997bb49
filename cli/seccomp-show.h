/* ctguard seccomp dump|show|diff (cli/seccomp-show.c), dispatched from cli/seccomp.c. */
#pragma once

int cli_seccomp_dump(int argc, char **argv);
int cli_seccomp_show(int argc, char **argv);
int cli_seccomp_diff(int argc, char **argv);
