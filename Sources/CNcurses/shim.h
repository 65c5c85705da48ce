#ifndef DOSSIER_CNCURSES_SHIM_H
#define DOSSIER_CNCURSES_SHIM_H
// Wide-character ncurses: cchar_t, add_wch, get_wch and friends need these before the header.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

// Attribute and colour-pair macros Swift cannot import (they expand to bit operations).
static inline WINDOW *dossier_stdscr(void) { return stdscr; }
static inline attr_t dossier_a_bold(void) { return A_BOLD; }
static inline attr_t dossier_a_reverse(void) { return A_REVERSE; }
static inline attr_t dossier_a_underline(void) { return A_UNDERLINE; }
static inline attr_t dossier_a_dim(void) { return A_DIM; }
static inline attr_t dossier_a_normal(void) { return A_NORMAL; }
static inline attr_t dossier_color_pair(short n) { return (attr_t)COLOR_PAIR(n); }
static inline mmask_t dossier_mouse_mask(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline int dossier_button1(mmask_t m) { return (m & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0; }
static inline int dossier_button4(mmask_t m) { return (m & BUTTON4_PRESSED) != 0; }
static inline int dossier_button5(mmask_t m) { return (m & BUTTON5_PRESSED) != 0; }
#endif
