# Build fragment included by Makefile.am (see its end). Append with +=.
# Seccomp truth (issue 7): BPF emulator, filter dump, seccomp show/diff, --deep facts.
