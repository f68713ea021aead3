/* mm-json-stage1.h: where the structure of a stretch of JSON is, found
 * 64 bytes at a time */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The bytes the grammar has to look at in [start, end), given whether
 * start is inside a string: brackets, commas and colons outside strings,
 * every opening quote, and the first byte of every run of other bytes
 * outside strings (a number, a literal, or garbage). A string's closing
 * quote only when the string is open at start or at a multiple of 64 KiB
 * (a checkpoint must say so): the others close before the next event. Each
 * event is the byte in its top 8 bits (MM_JSON_EVENT_CLOSE for a closing
 * quote: blanks are never events) and its offset from start in the low 24.
 */
#define MM_JSON_EVENT_OFFSET 0xffffffu
#define MM_JSON_EVENT_CLOSE  ' '

/* Of every run of other bytes, in order: the length of the token (number
 * or literal) it starts with, whether that is valid, and whether more
 * other bytes follow it. */
#define MM_JSON_TOKEN_LENGTH  0x3fffffffu
#define MM_JSON_TOKEN_UNKNOWN 0x3fffffffu   /* too long: measure it again */
#define MM_JSON_TOKEN_MORE    0x40000000u
#define MM_JSON_TOKEN_VALID   0x80000000u

typedef struct
{
  guint32  *at;
  gsize     n;
  gsize     size;
  guint32  *tokens;
  gsize     n_tokens;
  gsize     tokens_size;
  guint64   start;
  guint64   end;
  gboolean  in_string;     /* at start: what the offsets assume */
  gboolean  ends_in_string;
} MmJsonEvents;

gboolean _mm_json_stage1_available (void);
gboolean _mm_json_stage1_set_width (guint bits);
gboolean _mm_json_stage1_guess     (const guint8 *data,
                                    guint64       start,
                                    guint64       end);
void     _mm_json_stage1           (const guint8 *data,
                                    guint64       length,
                                    guint64       start,
                                    guint64       end,
                                    gboolean      in_string,
                                    MmJsonEvents *events);
void     _mm_json_events_clear     (MmJsonEvents *events);
guint64  _mm_json_token_length     (const guint8 *p,
                                    guint64       max);
gboolean _mm_json_token_valid      (const guint8 *p,
                                    guint64       n);

G_END_DECLS
