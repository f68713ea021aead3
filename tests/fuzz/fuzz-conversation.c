/* fuzz-conversation.c: conversations, the outline and the reader on any
 * bytes.
 *
 * The input is read twice: as one conversation straight from an exact-size
 * buffer (so a read past its end is caught), and as a file, through the
 * structure index and the outline, every row made and every conversation
 * opened as the reader opens it. Checked: nothing crashes or hangs, every
 * text handed out is valid UTF-8, a conversation ends inside the bytes, and
 * switching branches or showing hidden messages keeps the thread within
 * the nodes read.
 */
#define G_LOG_DOMAIN "fuzz-conversation"

#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "mm-conversation.h"
#include "mm-json-index.h"
#include "mm-message-list.h"
#include "mm-outline.h"

static void
check_text (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
read_conversation (const MmJsonBytes *bytes,
                   guint64            start)
{
  g_autoptr(MmConversation) conversation = mm_conversation_new (bytes, start);
  g_autofree char *markdown = NULL;
  guint n;

  if (conversation == NULL)
    return;
  g_assert_cmpuint (mm_conversation_get_end (conversation), <=, bytes->end);
  g_assert_cmpuint (mm_conversation_get_end (conversation), >, start);

  n = mm_conversation_get_n_messages (conversation);
  for (guint i = 0; i < n; i++)
    {
      const MmMessage *message = mm_conversation_get_message (conversation, i);
      g_autofree char *text = mm_conversation_dup_text (conversation, i);

      check_text (text);
      g_assert_cmpuint (message->node, <, bytes->end);
      g_assert_cmpuint (message->branch, <, message->n_branches);
    }
  for (guint i = 0; i < n && i < 8; i++)
    {
      const MmMessage *message = mm_conversation_get_message (conversation, i);

      if (message->n_branches > 1)
        mm_conversation_choose_branch (conversation, i, (message->branch + 1) % message->n_branches);
      if (i >= mm_conversation_get_n_messages (conversation))
        break;
    }
  mm_conversation_set_show_hidden (conversation, TRUE);
  markdown = mm_conversation_dup_markdown (conversation);
  check_text (markdown);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree guint8 *exact = g_memdup2 (data, size);
  MmJsonBytes bytes = { exact, size };
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmJsonIndex) index = NULL;
  g_autoptr(MmOutline) outline = NULL;
  gboolean along, started = FALSE;
  guint n;

  read_conversation (&bytes, 0);

  fuzz_write_file (data, size);
  file = fuzz_map ();
  index = mm_json_index_new (file);
  /* The first byte says when the outline is made: after the structure
   * pass, or before it as a document does (its rows then read on the
   * pass's thread), built once it can be. */
  along = size > 0 && (data[0] & 1);
  if (along)
    outline = mm_outline_new (file, index);
  mm_json_index_build_async (index, NULL, NULL, NULL);
  while (!mm_json_index_is_complete (index))
    {
      g_main_context_iteration (NULL, TRUE);
      if (along && !started && mm_outline_can_build (outline))
        {
          mm_outline_build_async (outline, NULL, NULL, NULL);
          started = TRUE;
        }
    }

  if (outline == NULL)
    outline = mm_outline_new (file, index);
  if (!started)
    mm_outline_build_async (outline, NULL, NULL, NULL);
  while (!mm_outline_is_complete (outline))
    g_main_context_iteration (NULL, TRUE);

  n = g_list_model_get_n_items (G_LIST_MODEL (outline));
  for (guint i = 0; i < n && i < 64; i++)
    {
      g_autoptr(MmOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (outline), i);
      g_autoptr(MmMessageList) messages = NULL;

      g_assert_nonnull (item);
      if (mm_outline_item_get_title (item) != NULL)
        check_text (mm_outline_item_get_title (item));
      if (mm_outline_item_get_detail (item) != NULL)
        check_text (mm_outline_item_get_detail (item));
      g_assert_cmpuint (mm_outline_find (outline, mm_outline_item_get_start (item)), ==, i);
      if (mm_outline_get_kind (outline) != MM_OUTLINE_KIND_CONVERSATIONS)
        continue;

      messages = mm_message_list_new (file, mm_outline_item_get_start (item));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==,
                        mm_outline_item_get_n_messages (item));
      for (guint m = 0; m < g_list_model_get_n_items (G_LIST_MODEL (messages)); m++)
        {
          g_autoptr(MmMessageItem) message = g_list_model_get_item (G_LIST_MODEL (messages), m);

          check_text (mm_message_item_get_text (message));
          g_assert_cmpuint (mm_message_item_get_end (message), <=, size);
        }
    }
  mm_outline_set_filter (outline, "a");
  mm_outline_set_sort (outline, MM_OUTLINE_SORT_NEWEST);
  return 0;
}
