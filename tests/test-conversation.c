/* test-conversation.c: the outline of an export and the conversations it
 * holds, against a reference written here: a plain recursive parser that
 * builds the whole tree, and the page's rules applied to it */
#define G_LOG_DOMAIN "test-conversation"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mm-conversation.h"
#include "mm-json-index.h"
#include "mm-outline.h"
#include "mm-scan.h"
#include "mm-test-util.h"

/* ---- the reference: a tree ---------------------------------------------- */

typedef struct Ref Ref;
struct Ref
{
  char       type;     /* o a s n t f l */
  char      *text;     /* a string, decoded; a number as written */
  GPtrArray *keys;     /* char *, for objects */
  GPtrArray *values;   /* Ref *, for objects and arrays */
};

static void
ref_free (gpointer data)
{
  Ref *ref = data;

  g_free (ref->text);
  g_clear_pointer (&ref->keys, g_ptr_array_unref);
  g_clear_pointer (&ref->values, g_ptr_array_unref);
  g_free (ref);
}

typedef struct
{
  const char *p;
  const char *end;
} Parser;

static void
ws (Parser *ps)
{
  while (ps->p < ps->end && strchr (" \t\r\n", *ps->p) != NULL)
    ps->p++;
}

static guint
hex4 (const char *p)
{
  char buffer[5] = { p[0], p[1], p[2], p[3], 0 };

  return (guint) strtoul (buffer, NULL, 16);
}

static char *
parse_string (Parser *ps)
{
  GString *s = g_string_new (NULL);

  g_assert_cmpint (*ps->p, ==, '"');
  ps->p++;
  while (*ps->p != '"')
    {
      if (*ps->p != '\\')
        {
          g_string_append_c (s, *ps->p++);
          continue;
        }
      ps->p++;
      switch (*ps->p)
        {
        case 'n': g_string_append_c (s, '\n'); break;
        case 't': g_string_append_c (s, '\t'); break;
        case 'r': g_string_append_c (s, '\r'); break;
        case 'b': g_string_append_c (s, '\b'); break;
        case 'f': g_string_append_c (s, '\f'); break;
        case 'u':
          {
            guint u = hex4 (ps->p + 1);

            ps->p += 4;
            if (u >= 0xd800 && u < 0xdc00 && ps->p[1] == '\\' && ps->p[2] == 'u')
              {
                guint low = hex4 (ps->p + 3);

                u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
                ps->p += 6;
              }
            g_string_append_unichar (s, u);
          }
          break;
        default: g_string_append_c (s, *ps->p); break;
        }
      ps->p++;
    }
  ps->p++;
  return g_string_free (s, FALSE);
}

static Ref *
parse_value (Parser *ps)
{
  Ref *ref = g_new0 (Ref, 1);

  ws (ps);
  switch (*ps->p)
    {
    case '{':
    case '[':
      ref->type = *ps->p == '{' ? 'o' : 'a';
      ref->keys = g_ptr_array_new_with_free_func (g_free);
      ref->values = g_ptr_array_new_with_free_func (ref_free);
      ps->p++;
      ws (ps);
      while (*ps->p != '}' && *ps->p != ']')
        {
          if (ref->type == 'o')
            {
              g_ptr_array_add (ref->keys, parse_string (ps));
              ws (ps);
              g_assert_cmpint (*ps->p, ==, ':');
              ps->p++;
            }
          g_ptr_array_add (ref->values, parse_value (ps));
          ws (ps);
          if (*ps->p == ',')
            ps->p++;
          ws (ps);
        }
      ps->p++;
      break;
    case '"':
      ref->type = 's';
      ref->text = parse_string (ps);
      break;
    default:
      {
        const char *start = ps->p;

        while (ps->p < ps->end && (g_ascii_isalnum (*ps->p) || strchr ("+-.", *ps->p)))
          ps->p++;
        ref->text = g_strndup (start, ps->p - start);
        ref->type = g_str_equal (ref->text, "null") ? 'l' : g_str_equal (ref->text, "true") ? 't' :
                    g_str_equal (ref->text, "false") ? 'f' : 'n';
      }
    }
  return ref;
}

static Ref *
get (Ref        *object,
     const char *key)
{
  if (object == NULL || object->type != 'o')
    return NULL;
  for (guint i = 0; i < object->keys->len; i++)
    if (g_str_equal (object->keys->pdata[i], key))
      return object->values->pdata[i];
  return NULL;
}

static const char *
string_of (Ref *ref)
{
  return ref != NULL && ref->type == 's' ? ref->text : NULL;
}

/* ---- the reference: the page's rules ------------------------------------ */

static gboolean
ref_blank (const char *text)
{
  for (; text != NULL && *text; text++)
    if (!strchr (" \t\r\n", *text))
      return FALSE;
  return TRUE;
}

static gboolean
ref_hidden (Ref *message)
{
  Ref *author = get (message, "author"), *content = get (message, "content"), *metadata = get (message, "metadata");
  const char *role = string_of (get (author, "role"));
  const char *type = string_of (get (content, "content_type"));
  const char *recipient = string_of (get (message, "recipient"));
  const char *name = string_of (get (author, "name"));
  Ref *hidden = get (metadata, "is_visually_hidden_from_conversation");
  Ref *user_system = get (metadata, "is_user_system_message");
  gboolean is_user_system = user_system != NULL && user_system->type == 't';
  const char *hidden_types[] = { "thoughts", "reasoning_recap", "tether_browsing_display", "sonic_webpage",
                                 "system_error", "user_editable_context", "model_editable_context" };
  gboolean has_text = FALSE;

  for (guint i = 0; content != NULL && content->type == 'o' && i < content->keys->len; i++)
    {
      Ref *v = content->values->pdata[i];

      if (g_str_equal (content->keys->pdata[i], "parts") && v->type == 'a')
        {
          for (guint j = 0; j < v->values->len; j++)
            {
              Ref *part = v->values->pdata[j];

              if ((part->type == 's' && !ref_blank (part->text)) || part->type == 'o')
                has_text = TRUE;
            }
        }
      else if (v->type == 's' && !ref_blank (v->text))
        has_text = TRUE;
    }

  if ((hidden != NULL && hidden->type == 't') || !has_text)
    return TRUE;
  if (g_strcmp0 (role, "system") == 0)
    return !is_user_system;
  for (guint i = 0; i < G_N_ELEMENTS (hidden_types); i++)
    if (g_strcmp0 (type, hidden_types[i]) == 0)
      return !(g_str_equal (type, "user_editable_context") && is_user_system);
  if (g_strcmp0 (role, "assistant") == 0 && recipient != NULL && !g_str_equal (recipient, "all"))
    return TRUE;
  if (g_strcmp0 (role, "tool") == 0 && name != NULL &&
      (g_str_equal (name, "browser") || g_str_equal (name, "web") || g_str_equal (name, "web.run") ||
       g_str_equal (name, "web.search") || g_str_equal (name, "bio") || g_str_equal (name, "memory")))
    return TRUE;
  return FALSE;
}

/* The messages the page shows, as "role: text" lines. */
static GPtrArray *
ref_thread (Ref *conversation)
{
  Ref *mapping = get (conversation, "mapping");
  const char *current = string_of (get (conversation, "current_node"));
  GPtrArray *thread = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  const char *id = current != NULL && get (mapping, current) != NULL ? current : NULL;

  /* No current node: the deepest leaf, the last of equals. */
  if (id == NULL)
    {
      guint best = 0;

      for (guint i = 0; i < mapping->keys->len; i++)
        {
          Ref *node = mapping->values->pdata[i];
          g_autoptr(GHashTable) up = g_hash_table_new (g_str_hash, g_str_equal);
          guint depth = 0;

          if (get (node, "children")->values->len > 0)
            continue;
          for (const char *n = mapping->keys->pdata[i]; n != NULL && get (mapping, n) != NULL &&
               !g_hash_table_contains (up, n); n = string_of (get (get (mapping, n), "parent")))
            {
              g_hash_table_add (up, (gpointer) n);
              depth++;
            }
          if (id == NULL || depth >= best)
            {
              id = mapping->keys->pdata[i];
              best = depth;
            }
        }
    }

  for (const char *n = id; n != NULL && get (mapping, n) != NULL && !g_hash_table_contains (seen, n);
       n = string_of (get (get (mapping, n), "parent")))
    {
      g_hash_table_add (seen, (gpointer) n);
      g_ptr_array_insert (path, 0, get (mapping, n));
    }

  for (guint i = 0; i < path->len; i++)
    {
      Ref *message = get (path->pdata[i], "message");
      Ref *parts = get (get (message, "content"), "parts");
      GString *text = g_string_new (NULL);

      if (message == NULL || message->type != 'o' || ref_hidden (message))
        {
          g_string_free (text, TRUE);
          continue;
        }
      g_string_append_printf (text, "%s: ", string_of (get (get (message, "author"), "role")));
      for (guint j = 0, n = 0; parts != NULL && j < parts->values->len; j++)
        {
          Ref *part = parts->values->pdata[j];

          if (part->type == 's' && ref_blank (part->text))
            continue;
          if (n++ > 0)
            g_string_append_c (text, '\n');
          if (part->type == 's')
            g_string_append (text, part->text);
          else
            g_string_append_printf (text, "[Image: %s]", string_of (get (part, "asset_pointer")));
        }
      if (parts == NULL)
        g_string_append (text, string_of (get (get (message, "content"), "text")));
      g_ptr_array_add (thread, g_string_free (text, FALSE));
    }
  return thread;
}

/* ---- checks -------------------------------------------------------------- */

static MmOutline *
build_outline (const char   *path,
               MmJsonIndex **json_out)
{
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmJsonIndex) json = mm_test_build_json (path);
  MmOutline *outline = mm_outline_new (file, json);

  mm_outline_build_async (outline, NULL, NULL, NULL);
  while (!mm_outline_is_complete (outline))
    g_main_context_iteration (NULL, TRUE);
  if (json_out != NULL)
    *json_out = g_steal_pointer (&json);
  return outline;
}

static GPtrArray *
thread_of (MmConversation *conversation)
{
  GPtrArray *thread = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < mm_conversation_get_n_messages (conversation); i++)
    {
      g_autofree char *text = mm_conversation_dup_text (conversation, i);

      g_ptr_array_add (thread, g_strdup_printf ("%s: %s",
                                                mm_role_get_name (mm_conversation_get_message (conversation, i)->role),
                                                text));
    }
  return thread;
}

static void
assert_same_thread (GPtrArray *expected,
                    GPtrArray *got)
{
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (got->pdata[i], ==, expected->pdata[i]);
}

/* Every conversation of a generated export (raw UTF-8 and \u-escaped, and
 * the same data in a chat.html): title, create_time as written, messages
 * shown and their texts, as the reference reads them. */
static void
test_generated (void)
{
  const char *args[] = { "export --seed 5 600K", "export --escaped --seed 6 600K", "html --seed 7 600K" };

  for (guint v = 0; v < G_N_ELEMENTS (args); v++)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(MmOutline) outline = NULL;
      g_autoptr(MmMappedFile) file = NULL;
      const char *json;
      gsize length;
      Parser ps;
      Ref *root;
      guint forks = 0, null_titles = 0;

      g_assert_true (mm_test_run_gen (args[v], &path));
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      json = strstr (contents, "[{");
      ps.p = json;
      ps.end = contents + length;
      root = parse_value (&ps);
      g_assert_cmpint (root->type, ==, 'a');
      g_assert_cmpuint (root->values->len, >, 20);

      outline = build_outline (path, NULL);
      file = mm_test_map (path);
      g_assert_cmpint (mm_outline_get_kind (outline), ==, MM_OUTLINE_KIND_CONVERSATIONS);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outline)), ==, root->values->len);

      for (guint i = 0; i < root->values->len; i++)
        {
          Ref *conversation = root->values->pdata[i];
          g_autoptr(MmOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (outline), i);
          MmJsonBytes bytes = { mm_mapped_file_get_data (file), mm_mapped_file_get_valid_length (file) };
          g_autoptr(MmConversation) read = mm_conversation_new (&bytes, mm_outline_item_get_start (item));
          g_autoptr(GPtrArray) expected = ref_thread (conversation);
          g_autoptr(GPtrArray) got = thread_of (read);
          Ref *time = get (conversation, "create_time");
          guint64 time_at;

          g_assert_cmpstr (mm_outline_item_get_title (item), ==, string_of (get (conversation, "title")));
          null_titles += mm_outline_item_get_title (item) == NULL;
          g_assert_true (mm_json_find_member (&bytes, mm_outline_item_get_start (item), "create_time", &time_at));
          g_assert_cmpmem (bytes.data + time_at, mm_json_token_length (&bytes, time_at), time->text, strlen (time->text));
          g_assert_cmpfloat (mm_outline_item_get_time (item), ==, g_ascii_strtod (time->text, NULL));
          g_assert_cmpuint (mm_outline_item_get_n_messages (item), ==, expected->len);
          assert_same_thread (expected, got);
          for (guint m = 0; m < mm_conversation_get_n_messages (read); m++)
            forks += mm_conversation_get_message (read, m)->n_branches > 1;
        }
      /* The generator's forks and null titles were met. */
      g_assert_cmpuint (forks, >, 0);
      g_assert_cmpuint (null_titles, >, 0);
      ref_free (root);
    }
}

static MmConversation *
conversation_of (const char         *json,
                 MmJsonBytes        *bytes,
                 Ref               **ref)
{
  Parser ps = { json, json + strlen (json) };

  bytes->data = (const guint8 *) json;
  bytes->end = strlen (json);
  *ref = parse_value (&ps);
  return mm_conversation_new (bytes, 0);
}

#define NODE(id, parent, children, message) \
  "\"" id "\": {\"id\": \"" id "\", \"message\": " message ", \"parent\": " parent ", \"children\": [" children "]}"
#define MSG(role, text) \
  "{\"author\": {\"role\": \"" role "\"}, \"content\": {\"content_type\": \"text\", \"parts\": [\"" text "\"]}, \"recipient\": \"all\"}"

/* Forks, null and hidden messages, a missing current_node, a null title, a
 * cycle: the thread is the reference's, and branches can be switched. */
static void
test_edge_cases (void)
{
  const char *fork =
    "{\"title\": \"Fork\", \"create_time\": 1.5, \"mapping\": {"
    NODE ("r", "null", "\"s\"", "null") ", "
    NODE ("s", "\"r\"", "\"u\"", "{\"author\": {\"role\": \"system\"}, \"content\": {\"content_type\": \"text\", \"parts\": [\"sys\"]}}") ", "
    NODE ("u", "\"s\"", "\"a1\", \"a2\", \"a3\"", MSG ("user", "question")) ", "
    NODE ("a1", "\"u\"", "", MSG ("assistant", "first answer")) ", "
    NODE ("a2", "\"u\"", "\"f\"", MSG ("assistant", "second answer")) ", "
    NODE ("f", "\"a2\"", "", MSG ("user", "follow-up")) ", "
    NODE ("a3", "\"u\"", "", MSG ("assistant", "   ")) "}, "
    "\"current_node\": \"f\"}";
  const char *no_current =
    "{\"title\": null, \"mapping\": {"
    NODE ("r", "null", "\"a\", \"b\"", "null") ", "
    NODE ("a", "\"r\"", "", MSG ("user", "short branch")) ", "
    NODE ("b", "\"r\"", "\"c\"", MSG ("user", "long branch")) ", "
    NODE ("c", "\"b\"", "", MSG ("assistant", "answer\\nwith \\ud83d\\ude80 and \\\"quotes\\\"")) "}, "
    "\"current_node\": \"missing\"}";
  const char *cycle =
    "{\"title\": \"Cycle\", \"mapping\": {"
    NODE ("x", "\"y\"", "\"y\"", MSG ("user", "x says")) ", "
    NODE ("y", "\"x\"", "\"x\"", MSG ("assistant", "y says")) "}, "
    "\"current_node\": \"y\"}";
  const char *custom =
    "{\"title\": \"Custom\", \"mapping\": {"
    NODE ("r", "null", "\"c\"", "null") ", "
    NODE ("c", "\"r\"", "\"t\"", "{\"author\": {\"role\": \"user\"}, \"content\": {\"content_type\": \"user_editable_context\", "
          "\"user_profile\": \"I write C\", \"user_instructions\": \"Be brief\"}, \"metadata\": {\"is_user_system_message\": true}}") ", "
    NODE ("t", "\"c\"", "\"o\"", "{\"author\": {\"role\": \"assistant\"}, \"content\": {\"content_type\": \"code\", \"language\": \"python\", "
          "\"text\": \"print(1)\"}, \"recipient\": \"python\"}") ", "
    NODE ("o", "\"t\"", "", "{\"author\": {\"role\": \"tool\", \"name\": \"python\"}, \"content\": {\"content_type\": \"execution_output\", "
          "\"text\": \"1\"}, \"recipient\": \"all\"}") "}, "
    "\"current_node\": \"o\"}";
  /* Ids alike in their first 16 bytes share a bucket; one is written twice. */
#define LONG_ID "a-node-with-a-long-common-prefix-"
  const char *twice =
    "{\"title\": \"Twice\", \"mapping\": {"
    NODE ("r", "null", "\"" LONG_ID "1\"", "null") ", "
    NODE (LONG_ID "1", "\"r\"", "\"" LONG_ID "2\"", MSG ("user", "old")) ", "
    NODE (LONG_ID "2", "\"" LONG_ID "1\"", "", MSG ("assistant", "answer")) ", "
    NODE (LONG_ID "1", "\"r\"", "\"" LONG_ID "2\"", MSG ("user", "new")) "}, "
    "\"current_node\": \"" LONG_ID "2\"}";
#undef LONG_ID
  MmJsonBytes bytes;
  Ref *ref;

  {
    MmJsonBytes twice_bytes = { (const guint8 *) twice, strlen (twice) };
    g_autoptr(MmConversation) c = mm_conversation_new (&twice_bytes, 0);
    g_autoptr(GPtrArray) got = thread_of (c);

    /* The later node is the one: what a JSON parser keeps of a key twice. */
    g_assert_cmpuint (got->len, ==, 2);
    g_assert_cmpstr (got->pdata[0], ==, "user: new");
    g_assert_cmpstr (got->pdata[1], ==, "assistant: answer");
  }

  {
    g_autoptr(MmConversation) c = conversation_of (fork, &bytes, &ref);
    g_autoptr(GPtrArray) expected = ref_thread (ref);
    g_autoptr(GPtrArray) got = thread_of (c);
    g_autofree char *title = mm_conversation_dup_title (c);
    g_autoptr(GPtrArray) switched = NULL;
    g_autofree char *markdown = NULL;

    assert_same_thread (expected, got);
    g_assert_cmpuint (got->len, ==, 3);
    g_assert_cmpstr (got->pdata[1], ==, "assistant: second answer");
    g_assert_cmpstr (title, ==, "Fork");
    g_assert_cmpfloat (mm_conversation_get_create_time (c), ==, 1.5);
    g_assert_cmpuint (mm_conversation_get_message (c, 1)->n_branches, ==, 3);
    g_assert_cmpuint (mm_conversation_get_message (c, 1)->branch, ==, 1);
    g_assert_cmpuint (mm_conversation_get_end (c), ==, strlen (fork));

    /* The first answer instead: the thread ends there. */
    mm_conversation_choose_branch (c, 1, 0);
    switched = thread_of (c);
    g_assert_cmpuint (switched->len, ==, 2);
    g_assert_cmpstr (switched->pdata[1], ==, "assistant: first answer");
    g_assert_cmpuint (mm_conversation_get_message (c, 1)->branch, ==, 0);

    /* Everything: the system message and the blank answer too. */
    mm_conversation_choose_branch (c, 1, 2);
    mm_conversation_set_show_hidden (c, TRUE);
    g_assert_cmpuint (mm_conversation_get_n_messages (c), ==, 3);
    g_assert_cmpint (mm_conversation_get_message (c, 0)->role, ==, MM_ROLE_SYSTEM);
    g_assert_true (mm_conversation_get_message (c, 0)->hidden);
    g_assert_true (mm_conversation_get_message (c, 2)->hidden);

    markdown = mm_conversation_dup_markdown (c);
    g_assert_true (g_str_has_prefix (markdown, "# Fork\n"));
    g_assert_nonnull (strstr (markdown, "## User"));
    ref_free (ref);
  }

  {
    g_autoptr(MmConversation) c = conversation_of (no_current, &bytes, &ref);
    g_autoptr(GPtrArray) expected = ref_thread (ref);
    g_autoptr(GPtrArray) got = thread_of (c);
    g_autofree char *markdown = mm_conversation_dup_markdown (c);

    assert_same_thread (expected, got);
    g_assert_cmpuint (got->len, ==, 2);
    g_assert_cmpstr (got->pdata[1], ==, "assistant: answer\nwith 🚀 and \"quotes\"");
    g_assert_null (mm_conversation_dup_title (c));
    g_assert_true (g_str_has_prefix (markdown, "# Untitled\n"));
    ref_free (ref);
  }

  {
    g_autoptr(MmConversation) c = conversation_of (cycle, &bytes, &ref);
    g_autoptr(GPtrArray) expected = ref_thread (ref);
    g_autoptr(GPtrArray) got = thread_of (c);

    assert_same_thread (expected, got);
    g_assert_cmpuint (got->len, ==, 2);
    ref_free (ref);
  }

  {
    g_autoptr(MmConversation) c = conversation_of (custom, &bytes, &ref);
    g_autoptr(GPtrArray) got = thread_of (c);

    /* The user's own instructions and the code's output; not the call. */
    g_assert_cmpuint (got->len, ==, 2);
    g_assert_cmpstr (got->pdata[0], ==, "user: I write C\n\nBe brief");
    g_assert_cmpstr (got->pdata[1], ==, "tool: 1");
    g_assert_cmpint (mm_conversation_get_message (c, 1)->kind, ==, MM_CONTENT_OUTPUT);
    ref_free (ref);
  }

  /* Not a conversation, or cut short: nothing, and no crash. */
  {
    MmJsonBytes cut = { (const guint8 *) fork, strlen (fork) / 2 };

    g_assert_null (mm_conversation_new (&cut, 0));
    cut.end = 0;
    g_assert_null (mm_conversation_new (&cut, 0));
  }
}

/* The outline's filter and sort, and finding the row of an offset. */
static void
test_filter_and_sort (void)
{
  const char *json =
    "[{\"title\": \"Größe der Datei\", \"create_time\": 30, \"mapping\": {" NODE ("a", "null", "", MSG ("user", "x")) "}, \"current_node\": \"a\"},\n"
    " {\"title\": \"ПРИВЕТ мир\", \"create_time\": 10, \"mapping\": {}, \"current_node\": null},\n"
    " {\"title\": null, \"create_time\": null, \"mapping\": {}},\n"
    " {\"title\": \"grösse\", \"create_time\": 20, \"mapping\": {}}]\n";
  g_autofree char *path = mm_test_write_file ("outline.json", json, strlen (json));
  g_autoptr(MmOutline) outline = build_outline (path, NULL);
  GListModel *model = G_LIST_MODEL (outline);
  g_autoptr(MmOutlineItem) first = NULL;
  g_autoptr(MmOutlineItem) newest = NULL;
  g_autoptr(MmOutlineItem) oldest = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (mm_outline_item_get_title (first), ==, "Größe der Datei");
  g_assert_cmpuint (mm_outline_item_get_n_messages (first), ==, 1);

  mm_outline_set_filter (outline, "привет");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  mm_outline_set_filter (outline, "GRÖ");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  mm_outline_set_filter (outline, NULL);

  mm_outline_set_sort (outline, MM_OUTLINE_SORT_NEWEST);
  newest = g_list_model_get_item (model, 0);
  g_assert_cmpfloat (mm_outline_item_get_time (newest), ==, 30);
  mm_outline_set_sort (outline, MM_OUTLINE_SORT_OLDEST);
  oldest = g_list_model_get_item (model, 0);
  g_assert_cmpfloat (mm_outline_item_get_time (oldest), ==, 10);
  /* No time: last, either way. */
  g_clear_object (&oldest);
  oldest = g_list_model_get_item (model, 3);
  g_assert_true (isnan (mm_outline_item_get_time (oldest)));

  mm_outline_set_sort (outline, MM_OUTLINE_SORT_FILE);
  g_assert_cmpuint (mm_outline_find (outline, strstr (json, "ПРИВЕТ") - json), ==, 1);
  g_assert_cmpuint (mm_outline_find (outline, 0), ==, G_MAXUINT);
  g_assert_cmpuint (mm_outline_find (outline, strlen (json) - 1), ==, G_MAXUINT);
}

/* Any other JSON lists its top-level members, by key or index. */
static void
test_members (void)
{
  const char *object = "{\"alpha\": [1, 2, 3], \"beta\": {\"x\": \"long\\nvalue\"}, \"gamma\": null}";
  const char *array = "[10, {\"k\": 1}, \"s\"]";
  g_autofree char *object_path = mm_test_write_file ("members.json", object, strlen (object));
  g_autofree char *array_path = mm_test_write_file ("elements.json", array, strlen (array));
  g_autoptr(MmOutline) by_key = build_outline (object_path, NULL);
  g_autoptr(MmOutline) by_index = build_outline (array_path, NULL);
  g_autoptr(MmOutlineItem) beta = NULL;
  g_autoptr(MmOutlineItem) second = NULL;

  g_assert_cmpint (mm_outline_get_kind (by_key), ==, MM_OUTLINE_KIND_MEMBERS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (by_key)), ==, 3);
  beta = g_list_model_get_item (G_LIST_MODEL (by_key), 1);
  g_assert_cmpstr (mm_outline_item_get_title (beta), ==, "beta");
  g_assert_cmpstr (mm_outline_item_get_detail (beta), ==, "{\"x\": \"long\\nvalue\"}");
  g_assert_cmpuint (mm_outline_find (by_key, strstr (object, "long") - object), ==, 1);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (by_index)), ==, 3);
  second = g_list_model_get_item (G_LIST_MODEL (by_index), 1);
  g_assert_cmpstr (mm_outline_item_get_title (second), ==, "[1]");
  g_assert_cmpuint (mm_outline_item_get_start (second), ==, 5);
}

/* Strings decoded as the page shows them. */
static void
test_strings (void)
{
  const char *json = "[\"a\\\"b\\\\c\\/d\\u00e9\\ud83d\\ude80\", \"lone \\ud800 x\", \"bad \xff byte\", \"nul \\u0000\", "
                     "\"slash\\\xc3\xa9\", \" \\n\\t \", \"cut";
  MmJsonBytes bytes = { (const guint8 *) json, strlen (json) };
  MmJsonIter iter;
  guint64 value;
  const char *expected[] = { "a\"b\\c/dé🚀", "lone \xef\xbf\xbd x", "bad \xef\xbf\xbd byte", "nul \xef\xbf\xbd",
                             "slashé", " \n\t " };
  guint i = 0;

  g_assert_true (mm_json_iter_init (&iter, &bytes, 0));
  while (mm_json_iter_next (&iter, NULL, &value) && i < G_N_ELEMENTS (expected))
    {
      g_autofree char *text = mm_json_dup_string (&bytes, value);

      g_assert_cmpstr (text, ==, expected[i]);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpint (mm_json_string_is_blank (&bytes, value), ==, i == 5);
      i++;
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (expected));
  /* The unterminated last string ends the iteration. */
  g_assert_false (mm_json_iter_next (&iter, NULL, &value));
  g_assert_cmpuint (iter.pos, ==, MM_JSON_NONE);
}

/* Where a string ends, with a run of backslashes before a quote at every
 * place in and past the first 64 bytes (looked at 16 at a time), and with
 * the bytes ending right after the string: the byte-by-byte rule. */
static void
test_string_ends (void)
{
  for (guint at = 0; at < 80; at++)
    for (guint run = 0; run <= 3; run++)
      for (guint after = 0; after <= 80; after += 40)
        {
          g_autoptr(GString) s = g_string_new ("\"");
          MmJsonBytes bytes;
          guint64 expected = MM_JSON_NONE, end = 0;

          for (guint i = 0; i < at; i++)
            g_string_append_c (s, (char) ('a' + i % 26));
          for (guint i = 0; i < run; i++)
            g_string_append_c (s, '\\');
          g_string_append (s, "\"b\"");
          for (guint i = 0; i < after; i++)
            g_string_append_c (s, 'c');
          for (gsize i = 1; i < s->len; i++)
            if (s->str[i] == '\\')
              i++;
            else if (s->str[i] == '"')
              {
                expected = i + 1;
                break;
              }
          bytes.data = (const guint8 *) s->str;
          bytes.end = s->len;
          g_assert_true (mm_json_skip_value (&bytes, 0, &end));
          g_assert_cmpuint (end, ==, expected);
        }
}

/* Over several 4 MiB chunks, where objects inside each conversation also
 * start with a "title" key (so the read-ahead of a chunk that begins
 * inside a conversation guesses wrong): every conversation, once, in
 * order, with its own title and messages. */
static void
test_read_ahead (void)
{
  GString *json = g_string_new ("[");
  g_autofree char *path = NULL;
  g_autoptr(MmOutline) outline = NULL;
  g_autoptr(MmJsonIndex) json_index = NULL;
  g_autofree char *filler = g_strnfill (700, 'x');
  guint n = 0;

  while (json->len < (gsize) 13 << 20)
    {
      if (n > 0)
        g_string_append (json, ", ");
      g_string_append_printf (json, "{\"title\": \"c%u\", \"create_time\": %u.5, \"mapping\": {", n, n);
      for (guint m = 0; m < 20; m++)
        {
          char parent[16] = "null", children[16] = "";

          if (m > 0)
            g_snprintf (parent, sizeof parent, "\"n%u\"", m - 1);
          if (m < 19)
            g_snprintf (children, sizeof children, "\"n%u\"", m + 1);
          g_string_append_printf (json,
                                  "%s\"n%u\": {\"id\": \"n%u\", \"message\": {\"id\": \"n%u\", "
                                  "\"author\": {\"role\": \"%s\"}, \"content\": {\"content_type\": \"text\", "
                                  "\"parts\": [\"%s\"]}, \"metadata\": {\"citations\": [{\"title\": \"a {\\\"title\\\": b}\"}]}}, "
                                  "\"parent\": %s, \"children\": [%s]}",
                                  m > 0 ? ", " : "", m, m, m, m % 2 ? "assistant" : "user", filler, parent, children);
        }
      g_string_append (json, "}, \"current_node\": \"n19\"}");
      n++;
    }
  g_string_append (json, "]");
  path = mm_test_write_file ("read-ahead.json", json->str, json->len);
  outline = build_outline (path, &json_index);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outline)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MmOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (outline), i);
      g_autofree char *title = g_strdup_printf ("c%u", i);
      guint64 member;

      g_assert_cmpstr (mm_outline_item_get_title (item), ==, title);
      g_assert_cmpuint (mm_outline_item_get_n_messages (item), ==, 20);
      g_assert_true (mm_json_index_get_member (json_index, 0, i, &member, NULL));
      g_assert_cmpuint (mm_outline_item_get_start (item), ==, member);
    }
  g_string_free (json, TRUE);
}

static void
count_told (MmOutlineItem *item,
            GParamSpec    *pspec,
            guint         *told)
{
  (*told)++;
}

/* The rows come with the structure pass, each count after it: a row made
 * before its count is told it once it is known; a conversation that
 * cannot be read keeps its row, with no messages. */
static void
test_counts_after_rows (void)
{
  const char *json =
    "[{\"title\": \"One\", \"create_time\": 1, \"mapping\": {"
    NODE ("r", "null", "\"u\"", "null") ", "
    NODE ("u", "\"r\"", "\"a\"", MSG ("user", "q")) ", "
    NODE ("a", "\"u\"", "", MSG ("assistant", "a")) "}, \"current_node\": \"a\"},\n"
    " {\"title\": \"Broken\", \"create_time\": 2, \"mapping\": [], \"current_node\": null},\n"
    " {\"mapping\": {" NODE ("x", "null", "", MSG ("user", "late")) "}, \"current_node\": \"x\", "
    "\"title\": \"Late\", \"create_time\": 3}]";
  g_autofree char *path = mm_test_write_file ("counts.json", json, strlen (json));
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmJsonIndex) index = mm_test_build_json (path);
  g_autoptr(MmOutline) outline = mm_outline_new (file, index);
  g_autoptr(MmOutlineItem) one = NULL;
  g_autoptr(MmOutlineItem) broken = NULL;
  g_autoptr(MmOutlineItem) late = NULL;
  guint told = 0;

  /* The pass is complete: every row at once, no count yet. */
  mm_outline_build_async (outline, NULL, NULL, NULL);
  g_assert_true (mm_outline_is_listed (outline));
  g_assert_false (mm_outline_is_complete (outline));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outline)), ==, 3);
  one = g_list_model_get_item (G_LIST_MODEL (outline), 0);
  broken = g_list_model_get_item (G_LIST_MODEL (outline), 1);
  g_assert_cmpstr (mm_outline_item_get_title (one), ==, "One");
  g_assert_cmpfloat (mm_outline_item_get_time (broken), ==, 2);
  g_assert_cmpuint (mm_outline_item_get_n_messages (one), ==, MM_OUTLINE_ITEM_NOT_COUNTED);
  g_signal_connect (one, "notify::n-messages", G_CALLBACK (count_told), &told);
  g_signal_connect (broken, "notify::n-messages", G_CALLBACK (count_told), &told);
  /* Filtered before the walk folded the titles: folded here. */
  mm_outline_set_filter (outline, "BROK");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outline)), ==, 1);

  while (!mm_outline_is_complete (outline))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outline)), ==, 1);
  mm_outline_set_filter (outline, "late");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outline)), ==, 1);
  mm_outline_set_filter (outline, NULL);
  g_assert_cmpuint (told, ==, 2);
  g_assert_cmpuint (mm_outline_item_get_n_messages (one), ==, 2);
  g_assert_cmpuint (mm_outline_item_get_n_messages (broken), ==, 0);

  /* Its title and time after the mapping: known once the walk read it. */
  late = g_list_model_get_item (G_LIST_MODEL (outline), 2);
  g_assert_cmpstr (mm_outline_item_get_title (late), ==, "Late");
  g_assert_cmpfloat (mm_outline_item_get_time (late), ==, 3);
  g_assert_cmpuint (mm_outline_item_get_n_messages (late), ==, 1);
  g_assert_cmpuint (mm_outline_item_get_end (late), ==, strlen (json) - 1);
}

static void
count_batch (guint *batches)
{
  (*batches)++;
}

/* As a document does it: the outline made before the structure pass, and
 * built when the pass has found the array; a batch a 4 MiB chunk. */
static MmOutline *
build_outline_along (const char   *path,
                     MmJsonIndex **json_out,
                     guint        *batches)
{
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmJsonIndex) index = mm_json_index_new (file);
  MmOutline *outline = mm_outline_new (file, index);
  gboolean started = FALSE;

  *batches = 0;
  _mm_scan_set_publish_interval (0);
  g_signal_connect_swapped (index, "progress", G_CALLBACK (count_batch), batches);
  mm_json_index_build_async (index, NULL, NULL, NULL);
  while (!started || !mm_outline_is_complete (outline))
    {
      g_main_context_iteration (NULL, TRUE);
      if (!started && mm_outline_can_build (outline))
        {
          mm_outline_build_async (outline, NULL, NULL, NULL);
          started = TRUE;
        }
    }
  _mm_scan_set_publish_interval (G_USEC_PER_SEC / 30);
  g_signal_handlers_disconnect_by_func (index, count_batch, batches);
  if (json_out != NULL)
    *json_out = g_steal_pointer (&index);
  return outline;
}

/* The outline along the pass, its rows read on the pass's thread as the
 * pass goes: the same rows as when the pass was complete before the
 * outline, in a .json and a chat.html, with the same counts once
 * complete. */
static void
test_rows_read_by_the_pass (void)
{
  const char *args[] = { "export --seed 11 9M", "html --escaped --seed 12 9M" };

  for (guint v = 0; v < G_N_ELEMENTS (args); v++)
    {
      g_autofree char *path = NULL;
      g_autoptr(MmOutline) along = NULL;
      g_autoptr(MmOutline) after = NULL;
      guint n, batches;

      g_assert_true (mm_test_run_gen (args[v], &path));
      along = build_outline_along (path, NULL, &batches);
      /* Rows whose next member is in the next batch. */
      g_assert_cmpuint (batches, >=, 3);
      after = build_outline (path, NULL);

      n = g_list_model_get_n_items (G_LIST_MODEL (after));
      g_assert_cmpuint (n, >, 100);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (along)), ==, n);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(MmOutlineItem) a = g_list_model_get_item (G_LIST_MODEL (along), i);
          g_autoptr(MmOutlineItem) b = g_list_model_get_item (G_LIST_MODEL (after), i);
          double ta = mm_outline_item_get_time (a), tb = mm_outline_item_get_time (b);

          g_assert_cmpuint (mm_outline_item_get_start (a), ==, mm_outline_item_get_start (b));
          g_assert_cmpuint (mm_outline_item_get_end (a), ==, mm_outline_item_get_end (b));
          g_assert_cmpstr (mm_outline_item_get_title (a), ==, mm_outline_item_get_title (b));
          g_assert_true ((isnan (ta) && isnan (tb)) || ta == tb);
          g_assert_cmpuint (mm_outline_item_get_n_messages (a), ==, mm_outline_item_get_n_messages (b));
        }
    }
}

/* More conversations than the structure pass keeps the starts of (one per
 * 4 KiB, or 65,536): the walk makes the rows, every one of them. */
static void
test_rows_without_starts (void)
{
  g_autoptr(GString) json = g_string_new ("[");
  g_autofree char *path = NULL;
  const guint n = 70000;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"title\": \"t%u\", \"create_time\": %u, \"mapping\": {"
                            NODE ("m", "null", "", MSG ("user", "hi")) "}, \"current_node\": \"m\"}",
                            i ? ", " : "", i, i);
  g_string_append (json, "]");
  path = mm_test_write_file ("tiny-conversations.json", json->str, json->len);

  /* Built after the pass; along it (rows from its first batches, then
   * none kept). */
  for (guint along = 0; along < 2; along++)
    {
      g_autoptr(MmOutline) outline = NULL;
      g_autoptr(MmJsonIndex) index = NULL;
      guint64 n_starts;
      guint batches = 0;

      outline = along ? build_outline_along (path, &index, &batches) : build_outline (path, &index);
      g_assert_null (mm_json_index_get_root_starts (index, &n_starts));
      g_assert_true (mm_outline_is_listed (outline));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outline)), ==, n);
      for (guint i = 0; i < n; i += 997)
        {
          g_autoptr(MmOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (outline), i);
          g_autofree char *title = g_strdup_printf ("t%u", i);

          g_assert_cmpstr (mm_outline_item_get_title (item), ==, title);
          g_assert_cmpfloat (mm_outline_item_get_time (item), ==, i);
          g_assert_cmpuint (mm_outline_item_get_n_messages (item), ==, 1);
        }
      if (along)
        g_assert_cmpuint (batches, >=, 3);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/conversation/generated", test_generated);
  g_test_add_func ("/core/conversation/edge-cases", test_edge_cases);
  g_test_add_func ("/core/conversation/filter-and-sort", test_filter_and_sort);
  g_test_add_func ("/core/conversation/members", test_members);
  g_test_add_func ("/core/conversation/strings", test_strings);
  g_test_add_func ("/core/conversation/string-ends", test_string_ends);
  g_test_add_func ("/core/conversation/read-ahead", test_read_ahead);
  g_test_add_func ("/core/conversation/counts-after-rows", test_counts_after_rows);
  g_test_add_func ("/core/conversation/rows-without-starts", test_rows_without_starts);
  g_test_add_func ("/core/conversation/rows-read-by-the-pass", test_rows_read_by_the_pass);

  return g_test_run ();
}
