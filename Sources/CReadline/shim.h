#ifndef SLARETRO_CREADLINE_SHIM_H
#define SLARETRO_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Readline keeps its state in globals; these accessors let Swift 6 use them without touching mutable globals. */

/// The linked readline's version.
static inline const char *slaretro_readline_version(void) { return rl_library_version; }
/// Installs the function readline calls on Tab.
static inline void slaretro_set_completion(rl_completion_func_t *function) { rl_attempted_completion_function = function; }
/// Tells readline not to fall back to file-name completion.
static inline void slaretro_completion_over(void) { rl_attempted_completion_over = 1; }
/// The line typed so far and the cursor position in it.
static inline const char *slaretro_line_buffer(void) { return rl_line_buffer; }
static inline int slaretro_point(void) { return rl_point; }
/// The character added after a unique completion (0 for none).
static inline void slaretro_append_character(int c) { rl_completion_append_character = c; }
#endif
