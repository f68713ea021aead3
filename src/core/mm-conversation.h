/* mm-conversation.h: one conversation of a ChatGPT export, read from the
 * mapping as the user saw it */
#pragma once

#include <glib.h>

#include "mm-json-reader.h"

G_BEGIN_DECLS

typedef enum
{
  MM_ROLE_OTHER,
  MM_ROLE_USER,
  MM_ROLE_ASSISTANT,
  MM_ROLE_SYSTEM,
  MM_ROLE_TOOL,
} MmRole;

typedef enum
{
  MM_CONTENT_TEXT,        /* text, multimodal_text: Markdown */
  MM_CONTENT_CODE,        /* code: monospace */
  MM_CONTENT_OUTPUT,      /* execution_output: monospace */
  MM_CONTENT_OTHER,       /* quotes, browsing, thoughts, ...: their text */
} MmContentKind;

typedef struct
{
  guint64       node;          /* the node's '{' */
  guint64       message;       /* the message's '{'; MM_JSON_NONE when null */
  guint64       content;       /* the content's '{'; MM_JSON_NONE when missing */
  double        create_time;   /* seconds since the epoch; NAN when null */
  MmRole        role;
  MmContentKind kind;
  guint         n_branches;    /* children of its parent: more than 1 at a fork */
  guint         branch;        /* which of them, from 0 */
  gboolean      hidden;        /* hidden on the official page */
} MmMessage;

typedef struct _MmConversation MmConversation;

MmConversation  *mm_conversation_new            (const MmJsonBytes *bytes,
                                                 guint64            start);
void             mm_conversation_free           (MmConversation    *self);
guint64          mm_conversation_get_start      (MmConversation    *self);
guint64          mm_conversation_get_end        (MmConversation    *self);
char            *mm_conversation_dup_title      (MmConversation    *self);
double           mm_conversation_get_create_time (MmConversation   *self);
void             mm_conversation_set_show_hidden (MmConversation   *self,
                                                 gboolean           show_hidden);
guint            mm_conversation_get_n_messages (MmConversation    *self);
const MmMessage *mm_conversation_get_message    (MmConversation    *self,
                                                 guint              index);
void             mm_conversation_choose_branch  (MmConversation    *self,
                                                 guint              index,
                                                 guint              branch);
char            *mm_conversation_dup_text       (MmConversation    *self,
                                                 guint              index);
char            *mm_conversation_dup_markdown   (MmConversation    *self);

const char      *mm_role_get_name               (MmRole             role);
char            *mm_conversation_format_time    (double             seconds);

/* For the outline: the title, the create_time as written, and the number
 * of messages shown, from one walk of the conversation at `start`. */
typedef struct
{
  guint64 start;
  guint64 end;            /* past its '}' */
  guint64 title;          /* the title string's quote; MM_JSON_NONE when null or missing */
  guint64 create_time;    /* the number's first byte; MM_JSON_NONE when null or missing */
  guint32 n_messages;     /* shown on the official page */
} MmConversationSummary;

gboolean         mm_conversation_summarize      (const MmJsonBytes     *bytes,
                                                 guint64                start,
                                                 MmConversationSummary *summary);
gboolean         mm_conversation_looks_like_one (const MmJsonBytes     *bytes,
                                                 guint64                start);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmConversation, mm_conversation_free)

G_END_DECLS
