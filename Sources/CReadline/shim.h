#ifndef SLARETRO_CREADLINE_SHIM_H
#define SLARETRO_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/// The linked readline's version, read through a function so Swift sees no mutable global.
static inline const char *slaretro_readline_version(void) { return rl_library_version; }
#endif
