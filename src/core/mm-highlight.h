/* mm-highlight.h: tokens of JSON and HTML for colouring the rows on screen,
 * lexed from a known state at the first row */
#pragma once

#include <glib.h>

#include "mm-json-index.h"

G_BEGIN_DECLS

typedef enum
{
  MM_TOKEN_NONE,
  MM_TOKEN_KEY,
  MM_TOKEN_STRING,
  MM_TOKEN_ESCAPE,
  MM_TOKEN_NUMBER,
  MM_TOKEN_BOOLEAN,
  MM_TOKEN_NULL,
  MM_TOKEN_PUNCTUATION,
  MM_TOKEN_TAG,            /* <, </, > and /> */
  MM_TOKEN_ELEMENT,
  MM_TOKEN_ATTRIBUTE,
  MM_TOKEN_ATTRIBUTE_VALUE,
  MM_TOKEN_COMMENT,
  MM_TOKEN_ENTITY,
  MM_TOKEN_DOCTYPE,
  MM_N_TOKENS
} MmTokenKind;

typedef struct
{
  guint64     start;
  guint64     end;
  MmTokenKind kind;
} MmToken;

typedef enum
{
  MM_HTML_TEXT,
  MM_HTML_TAG,        /* after <name */
  MM_HTML_VALUE,      /* in a quoted attribute value */
  MM_HTML_COMMENT,
} MmHtmlMode;

/* Where a lexer is, carried from row to row. */
typedef struct
{
  /* JSON */
  gboolean   in_string;
  gboolean   is_key;
  /* HTML */
  MmHtmlMode html;
  guint8     quote;     /* of the attribute value */
} MmLexState;

void     mm_highlight_json       (const guint8 *data,
                                  guint64       length,
                                  guint64       start,
                                  guint64       end,
                                  MmLexState   *state,
                                  GArray       *tokens);
void     mm_highlight_html       (const guint8 *data,
                                  guint64       start,
                                  guint64       end,
                                  MmLexState   *state,
                                  GArray       *tokens);
MmHtmlMode mm_highlight_guess_html_mode (const guint8 *data,
                                         guint64       offset);
gboolean mm_highlight_is_markup  (const char   *path,
                                  const guint8 *data,
                                  guint64       length);

G_END_DECLS
