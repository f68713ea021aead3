/* mm-conversation.c: one conversation of a ChatGPT export, as the user saw
 * it on the page.
 *
 * A conversation is a tree of nodes (`mapping`): each node names its parent
 * and children by id. The page shows one thread: from `current_node` up
 * through the parents to the root, reversed; a node with several children is
 * a fork (an edited message, a regenerated answer), and choosing another
 * branch follows that child down. One walk over the conversation's bytes
 * records, per node, where it is and what the page needs to decide whether
 * to show it; texts are decoded only when asked for. Ids are compared as
 * written, straight from the mapping; a cycle or a missing id ends a walk,
 * it never loops.
 */
#define G_LOG_DOMAIN "mm-conversation"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mm-conversation.h"

typedef struct
{
  guint64   id;            /* the mapping key's quote */
  guint64   parent_id;     /* quote, or NONE */
  guint     first_child;   /* in child_ids, then children */
  guint     n_children;
  gint      parent;        /* node index, -1 */
  guint64   time_at;       /* the message's create_time as written; NONE */
  MmMessage message;
} Node;

struct _MmConversation
{
  MmJsonBytes  bytes;
  guint64      start;
  guint64      end;
  guint64      title;
  guint64      create_time_at;
  double       create_time;
  guint64      current_node;
  GArray      *nodes;        /* Node */
  GArray      *child_ids;    /* guint64 quotes, as listed */
  GArray      *children;     /* gint node index of each child id, -1 if missing */
  guint32     *by_id;        /* node index + 1 by the hash of its id, open addressing; 0: empty */
  guint        by_id_mask;
  GHashTable  *choices;      /* node index + 1 -> chosen child's position + 1 */
  GArray      *thread;       /* guint node indexes, root first */
  GArray      *shown;        /* guint node indexes of the messages shown */
  gboolean     show_hidden;
};

/* ---- ids as written --------------------------------------------------- */

/* Ids were checked to end with a quote before they got here (their
 * conversation was read to its end). Where 16 bytes after the opening
 * quote are inside the bytes, they are read eight at a time. */

static inline guint64
word_at (const guint8 *p)
{
  guint64 word;

  memcpy (&word, p, sizeof word);
  return word;
}

/* Whether a byte of the word is a quote. */
static inline gboolean
has_quote (guint64 word)
{
  guint64 x = word ^ 0x2222222222222222ULL;

  return ((x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL) != 0;
}

/* Their first 16 bytes tell ids apart (random hex in an export's UUIDs);
 * ids alike that far only share a bucket. The same hash whether they are
 * read in words or byte by byte (near the end of the bytes, or shorter). */
static guint
id_hash (const guint8 *key,
         const guint8 *limit)
{
  const guint8 *p = key + 1;
  guint8 first[16] = { 0 };
  guint64 mixed;

  if (p + 16 > limit || has_quote (word_at (p)) || has_quote (word_at (p + 8)))
    {
      for (guint i = 0; i < 16 && p[i] != '"'; i++)
        first[i] = p[i];
      p = first;
    }
  mixed = (word_at (p) * 0x9e3779b97f4a7c15ULL) ^ (word_at (p + 8) * 0xc2b2ae3d27d4eb4fULL);
  return (guint) (mixed >> 32) ^ (guint) mixed;
}

static gboolean
id_equal (const guint8 *a,
          const guint8 *b,
          const guint8 *limit)
{
  const guint8 *p = a + 1, *q = b + 1;

  /* Eight equal bytes with a quote among them: both ids end there. */
  while (p + 8 <= limit && q + 8 <= limit && word_at (p) == word_at (q))
    {
      if (has_quote (word_at (p)))
        return TRUE;
      p += 8, q += 8;
    }
  while (*p == *q && *p != '"')
    p++, q++;
  return *p == '"' && *q == '"';
}

/* Where the node of the id at `id` is in by_id, or the empty slot it
 * would take. */
static guint
id_slot (MmConversation *self,
         const guint8   *id)
{
  const guint8 *limit = self->bytes.data + self->bytes.end;
  guint slot = id_hash (id, limit) & self->by_id_mask;

  while (self->by_id[slot] != 0 &&
         !id_equal (self->bytes.data + g_array_index (self->nodes, Node, self->by_id[slot] - 1).id, id, limit))
    slot = (slot + 1) & self->by_id_mask;
  return slot;
}

/* Once every node is read, their number known: an id written twice
 * names the later node, as a JSON parser keeps the later of a key. */
static void
index_ids (MmConversation *self)
{
  guint size = 16;

  while (size < 2 * self->nodes->len)
    size *= 2;
  self->by_id = g_new0 (guint32, size);
  self->by_id_mask = size - 1;
  for (guint i = 0; i < self->nodes->len; i++)
    self->by_id[id_slot (self, self->bytes.data + g_array_index (self->nodes, Node, i).id)] = i + 1;
}

static gint
node_of_id (MmConversation *self,
            guint64         quote)
{
  if (quote == MM_JSON_NONE)
    return -1;
  return (gint) self->by_id[id_slot (self, self->bytes.data + quote)] - 1;
}

/* ---- one walk over the bytes ------------------------------------------ */

static const char *hidden_content_types[] = {
  "thoughts", "reasoning_recap", "tether_browsing_display", "sonic_webpage", "system_error",
  "user_editable_context", "model_editable_context",
};

static const char *hidden_tools[] = {
  "browser", "web", "web.run", "web.search", "bio", "memory",
};

static gboolean
string_in (const MmJsonBytes *bytes,
           guint64            value,
           const char       **list,
           guint              n)
{
  for (guint i = 0; i < n; i++)
    if (mm_json_string_equals (bytes, value, list[i]))
      return TRUE;
  return FALSE;
}

typedef struct
{
  guint64  name;
  gboolean user_system;
  gboolean visually_hidden;
  gboolean to_all;
  gboolean has_text;
  gboolean hidden_type;
  gboolean is_user_context;
} MessageFacts;

static guint64
read_content (const MmJsonBytes *bytes,
              guint64            content,
              MmMessage         *message,
              MessageFacts      *facts)
{
  MmJsonIter iter;
  guint64 key, value;

  message->content = content;
  message->kind = MM_CONTENT_OTHER;
  if (!mm_json_iter_init (&iter, bytes, content) || iter.kind != '{')
    return MM_JSON_NONE;
  while (mm_json_iter_next (&iter, &key, &value))
    {
      if (mm_json_string_equals (bytes, key, "content_type"))
        {
          if (mm_json_string_equals (bytes, value, "text") || mm_json_string_equals (bytes, value, "multimodal_text"))
            message->kind = MM_CONTENT_TEXT;
          else if (mm_json_string_equals (bytes, value, "code"))
            message->kind = MM_CONTENT_CODE;
          else if (mm_json_string_equals (bytes, value, "execution_output"))
            message->kind = MM_CONTENT_OUTPUT;
          facts->hidden_type = string_in (bytes, value, hidden_content_types, G_N_ELEMENTS (hidden_content_types));
          facts->is_user_context = mm_json_string_equals (bytes, value, "user_editable_context");
        }
      else if (mm_json_string_equals (bytes, key, "parts"))
        {
          MmJsonIter parts;
          guint64 part;

          if (!mm_json_iter_init (&parts, bytes, value))
            continue;
          while (mm_json_iter_next (&parts, NULL, &part))
            if (mm_json_is_string (bytes, part) ? !mm_json_string_is_blank (bytes, part)
                                                : bytes->data[part] == '{')
              facts->has_text = TRUE;
          if (parts.pos != MM_JSON_NONE)
            mm_json_iter_skip_to (&iter, parts.pos);
        }
      else if (mm_json_is_string (bytes, value) && !mm_json_string_is_blank (bytes, value))
        facts->has_text = TRUE;
    }
  return iter.pos;
}

static void
read_author (const MmJsonBytes *bytes,
             guint64            author,
             MmMessage         *message,
             MessageFacts      *facts)
{
  MmJsonIter iter;
  guint64 key, value;

  if (!mm_json_iter_init (&iter, bytes, author) || iter.kind != '{')
    return;
  while (mm_json_iter_next (&iter, &key, &value))
    if (mm_json_string_equals (bytes, key, "role"))
      message->role = mm_json_string_equals (bytes, value, "user") ? MM_ROLE_USER :
                      mm_json_string_equals (bytes, value, "assistant") ? MM_ROLE_ASSISTANT :
                      mm_json_string_equals (bytes, value, "system") ? MM_ROLE_SYSTEM :
                      mm_json_string_equals (bytes, value, "tool") ? MM_ROLE_TOOL : MM_ROLE_OTHER;
    else if (mm_json_string_equals (bytes, key, "name") && mm_json_is_string (bytes, value))
      facts->name = value;
}

static void
read_metadata (const MmJsonBytes *bytes,
               guint64            metadata,
               MessageFacts      *facts)
{
  MmJsonIter iter;
  guint64 key, value;

  if (!mm_json_iter_init (&iter, bytes, metadata) || iter.kind != '{')
    return;
  while (mm_json_iter_next (&iter, &key, &value))
    if (mm_json_string_equals (bytes, key, "is_visually_hidden_from_conversation"))
      facts->visually_hidden = mm_json_is_true (bytes, value);
    else if (mm_json_string_equals (bytes, key, "is_user_system_message"))
      facts->user_system = mm_json_is_true (bytes, value);
}

/* What the official page shows, and convoviz and the page's own script
 * agree on: see ../shared/docs/chatgpt-export.md. */
static gboolean
is_hidden (const MmJsonBytes  *bytes,
           const MmMessage    *message,
           const MessageFacts *facts)
{
  if (message->message == MM_JSON_NONE || facts->visually_hidden || !facts->has_text)
    return TRUE;
  if (message->role == MM_ROLE_SYSTEM)
    return !facts->user_system;
  /* Custom instructions the user wrote are theirs to see. */
  if (facts->hidden_type)
    return !(facts->is_user_context && facts->user_system);
  if (message->role == MM_ROLE_ASSISTANT && !facts->to_all)
    return TRUE;
  if (message->role == MM_ROLE_TOOL && facts->name != MM_JSON_NONE &&
      string_in (bytes, facts->name, hidden_tools, G_N_ELEMENTS (hidden_tools)))
    return TRUE;
  return FALSE;
}

static guint64
read_message (const MmJsonBytes *bytes,
              guint64            start,
              MmMessage         *message,
              guint64           *time_at)
{
  MessageFacts facts = { MM_JSON_NONE, FALSE, FALSE, TRUE, FALSE, FALSE, FALSE };
  MmJsonIter iter;
  guint64 key, value;

  message->message = start;
  if (!mm_json_iter_init (&iter, bytes, start) || iter.kind != '{')
    return MM_JSON_NONE;
  while (mm_json_iter_next (&iter, &key, &value))
    {
      if (mm_json_string_equals (bytes, key, "author"))
        read_author (bytes, value, message, &facts);
      else if (mm_json_string_equals (bytes, key, "create_time"))
        *time_at = value;
      else if (mm_json_string_equals (bytes, key, "content"))
        {
          guint64 end = read_content (bytes, value, message, &facts);

          /* Walked already: go on after it. */
          if (end != MM_JSON_NONE)
            mm_json_iter_skip_to (&iter, end);
        }
      else if (mm_json_string_equals (bytes, key, "metadata"))
        read_metadata (bytes, value, &facts);
      else if (mm_json_string_equals (bytes, key, "recipient"))
        facts.to_all = !mm_json_is_string (bytes, value) || mm_json_string_equals (bytes, value, "all");
    }

  message->hidden = is_hidden (bytes, message, &facts);
  return iter.pos;
}

static guint64
read_node (MmConversation *self,
           guint64         id,
           guint64         start)
{
  const MmJsonBytes *bytes = &self->bytes;
  Node node = { id, MM_JSON_NONE, self->child_ids->len, 0, -1, MM_JSON_NONE,
                { start, MM_JSON_NONE, MM_JSON_NONE, NAN, MM_ROLE_OTHER, MM_CONTENT_OTHER, 1, 0, TRUE } };
  MmJsonIter iter;
  guint64 key, value;

  if (!mm_json_iter_init (&iter, bytes, start) || iter.kind != '{')
    return MM_JSON_NONE;
  while (mm_json_iter_next (&iter, &key, &value))
    {
      if (mm_json_string_equals (bytes, key, "message") && bytes->data[value] == '{')
        {
          guint64 end = read_message (bytes, value, &node.message, &node.time_at);

          if (end != MM_JSON_NONE)
            mm_json_iter_skip_to (&iter, end);
        }
      else if (mm_json_string_equals (bytes, key, "parent") && mm_json_is_string (bytes, value))
        node.parent_id = value;
      else if (mm_json_string_equals (bytes, key, "children"))
        {
          MmJsonIter children;
          guint64 child;

          if (!mm_json_iter_init (&children, bytes, value))
            continue;
          while (mm_json_iter_next (&children, NULL, &child))
            if (mm_json_is_string (bytes, child))
              {
                g_array_append_val (self->child_ids, child);
                node.n_children++;
              }
          if (children.pos != MM_JSON_NONE)
            mm_json_iter_skip_to (&iter, children.pos);
        }
    }

  g_array_append_val (self->nodes, node);
  return iter.pos;
}

static gboolean
read_conversation (MmConversation *self)
{
  const MmJsonBytes *bytes = &self->bytes;
  MmJsonIter iter;
  guint64 key, value;

  if (!mm_json_iter_init (&iter, bytes, self->start) || iter.kind != '{')
    return FALSE;
  while (mm_json_iter_next (&iter, &key, &value))
    {
      if (mm_json_string_equals (bytes, key, "title"))
        self->title = mm_json_is_string (bytes, value) ? value : MM_JSON_NONE;
      else if (mm_json_string_equals (bytes, key, "create_time"))
        {
          if (mm_json_get_number (bytes, value, &self->create_time))
            self->create_time_at = value;
        }
      else if (mm_json_string_equals (bytes, key, "current_node"))
        self->current_node = mm_json_is_string (bytes, value) ? value : MM_JSON_NONE;
      else if (mm_json_string_equals (bytes, key, "mapping"))
        {
          MmJsonIter mapping;
          guint64 id, node;

          if (!mm_json_iter_init (&mapping, bytes, value) || mapping.kind != '{')
            continue;
          while (mm_json_iter_next (&mapping, &id, &node))
            {
              guint64 end = read_node (self, id, node);

              if (end != MM_JSON_NONE)
                mm_json_iter_skip_to (&mapping, end);
            }
          if (mapping.pos != MM_JSON_NONE)
            mm_json_iter_skip_to (&iter, mapping.pos);
        }
    }
  self->end = iter.pos;
  return self->end != MM_JSON_NONE;
}

/* ---- the thread ------------------------------------------------------- */

static gint
child_at (MmConversation *self,
          const Node     *node,
          guint           position)
{
  return g_array_index (self->children, gint, node->first_child + position);
}

static void
link_nodes (MmConversation *self)
{
  g_array_set_size (self->children, self->child_ids->len);
  for (guint i = 0; i < self->child_ids->len; i++)
    g_array_index (self->children, gint, i) = node_of_id (self, g_array_index (self->child_ids, guint64, i));

  for (guint i = 0; i < self->nodes->len; i++)
    {
      Node *node = &g_array_index (self->nodes, Node, i);

      node->parent = node_of_id (self, node->parent_id);
      if (node->parent == (gint) i)
        node->parent = -1;
    }
}

static gint
parent_of (MmConversation *self,
           gint            node)
{
  return g_array_index (self->nodes, Node, node).parent;
}

/* The node the page ends on: current_node, or the deepest leaf. */
static gint
last_node (MmConversation *self)
{
  gint node = node_of_id (self, self->current_node);
  guint best_depth = 0;

  if (node >= 0)
    return node;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      guint depth = 0;

      if (g_array_index (self->nodes, Node, i).n_children > 0)
        continue;
      for (gint n = (gint) i; n >= 0 && depth <= self->nodes->len; n = parent_of (self, n))
        depth++;
      if (node < 0 || depth >= best_depth)
        {
          node = (gint) i;
          best_depth = depth;
        }
    }
  return node;
}

static void
build_thread (MmConversation *self)
{
  enum { ON_PATH = 1, VISITED = 2 };
  g_autofree guint8 *marks = NULL;   /* of each node */
  gint leaf = last_node (self);
  gint root = -1;

  g_array_set_size (self->thread, 0);
  g_array_set_size (self->shown, 0);
  if (leaf < 0)
    return;
  marks = g_malloc0 (self->nodes->len);

  /* Up from the last node, guarding against a cycle. */
  for (gint n = leaf; n >= 0 && !(marks[n] & ON_PATH); n = parent_of (self, n))
    {
      marks[n] |= ON_PATH;
      root = n;
    }

  /* Down from the root: the branches chosen, else the page's thread, else
   * the newest child. */
  for (gint n = root; n >= 0 && !(marks[n] & VISITED);)
    {
      const Node *node = &g_array_index (self->nodes, Node, n);
      gpointer choice = g_hash_table_lookup (self->choices, GINT_TO_POINTER (n + 1));
      gint next = -1;

      marks[n] |= VISITED;
      g_array_append_val (self->thread, n);

      if (choice != NULL && GPOINTER_TO_UINT (choice) - 1 < node->n_children)
        next = child_at (self, node, GPOINTER_TO_UINT (choice) - 1);
      else if (n == leaf)
        break;
      else
        {
          for (guint c = 0; c < node->n_children && next < 0; c++)
            if (child_at (self, node, c) >= 0 && (marks[child_at (self, node, c)] & ON_PATH))
              next = child_at (self, node, c);
          for (guint c = node->n_children; c > 0 && next < 0; c--)
            next = child_at (self, node, c - 1);
        }
      n = next;
    }

  for (guint i = 0; i < self->thread->len; i++)
    {
      gint n = g_array_index (self->thread, gint, i);
      Node *node = &g_array_index (self->nodes, Node, n);

      node->message.n_branches = 1;
      node->message.branch = 0;

      if (node->parent >= 0)
        {
          const Node *parent = &g_array_index (self->nodes, Node, node->parent);

          for (guint c = 0; c < parent->n_children; c++)
            if (child_at (self, parent, c) == n)
              {
                node->message.n_branches = parent->n_children;
                node->message.branch = c;
              }
        }
      if (node->message.message != MM_JSON_NONE && (self->show_hidden || !node->message.hidden))
        g_array_append_val (self->shown, n);
    }
}

/* ---- public ------------------------------------------------------------ */

MmConversation *
mm_conversation_new (const MmJsonBytes *bytes,
                     guint64            start)
{
  MmConversation *self = g_new0 (MmConversation, 1);

  self->bytes = *bytes;
  self->start = start;
  self->end = MM_JSON_NONE;
  self->title = MM_JSON_NONE;
  self->create_time_at = MM_JSON_NONE;
  self->create_time = NAN;
  self->current_node = MM_JSON_NONE;
  self->nodes = g_array_new (FALSE, FALSE, sizeof (Node));
  self->child_ids = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->children = g_array_new (FALSE, FALSE, sizeof (gint));
  self->thread = g_array_new (FALSE, FALSE, sizeof (gint));
  self->shown = g_array_new (FALSE, FALSE, sizeof (gint));
  self->choices = g_hash_table_new (NULL, NULL);

  if (!read_conversation (self))
    {
      mm_conversation_free (self);
      return NULL;
    }
  index_ids (self);
  link_nodes (self);
  build_thread (self);
  return self;
}

void
mm_conversation_free (MmConversation *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->nodes);
  g_array_unref (self->child_ids);
  g_array_unref (self->children);
  g_array_unref (self->thread);
  g_array_unref (self->shown);
  g_free (self->by_id);
  g_hash_table_unref (self->choices);
  g_free (self);
}

guint64
mm_conversation_get_start (MmConversation *self)
{
  return self->start;
}

guint64
mm_conversation_get_end (MmConversation *self)
{
  return self->end;
}

/* NULL when the title is null or missing. */
char *
mm_conversation_dup_title (MmConversation *self)
{
  return self->title != MM_JSON_NONE ? mm_json_dup_string (&self->bytes, self->title) : NULL;
}

double
mm_conversation_get_create_time (MmConversation *self)
{
  return self->create_time;
}

void
mm_conversation_set_show_hidden (MmConversation *self,
                                 gboolean        show_hidden)
{
  if (self->show_hidden == !!show_hidden)
    return;
  self->show_hidden = !!show_hidden;
  build_thread (self);
}

guint
mm_conversation_get_n_messages (MmConversation *self)
{
  return self->shown->len;
}

const MmMessage *
mm_conversation_get_message (MmConversation *self,
                             guint           index)
{
  Node *node;

  g_return_val_if_fail (index < self->shown->len, NULL);

  node = &g_array_index (self->nodes, Node, g_array_index (self->shown, gint, index));
  /* Times are read when asked for: the outline needs none. */
  if (node->time_at != MM_JSON_NONE)
    {
      if (!mm_json_get_number (&self->bytes, node->time_at, &node->message.create_time))
        node->message.create_time = NAN;
      node->time_at = MM_JSON_NONE;
    }
  return &node->message;
}

/* Shows another branch at the fork above message @index. */
void
mm_conversation_choose_branch (MmConversation *self,
                               guint           index,
                               guint           branch)
{
  const Node *node;

  g_return_if_fail (index < self->shown->len);

  node = &g_array_index (self->nodes, Node, g_array_index (self->shown, gint, index));
  if (node->parent < 0 || branch >= g_array_index (self->nodes, Node, node->parent).n_children)
    return;
  g_hash_table_insert (self->choices, GINT_TO_POINTER (node->parent + 1), GUINT_TO_POINTER (branch + 1));
  /* Forks below it follow the page again. */
  build_thread (self);
}

/* "[Image: file-service://…]" for an attachment in the parts. */
static void
append_attachment (GString           *out,
                   const MmJsonBytes *bytes,
                   guint64            part)
{
  guint64 type = MM_JSON_NONE, pointer = MM_JSON_NONE;

  mm_json_find_member (bytes, part, "content_type", &type);
  if (!mm_json_find_member (bytes, part, "asset_pointer", &pointer))
    mm_json_find_member (bytes, part, "name", &pointer);

  if (type != MM_JSON_NONE && mm_json_string_equals (bytes, type, "image_asset_pointer"))
    g_string_append (out, "[Image");
  else if (type != MM_JSON_NONE && mm_json_string_equals (bytes, type, "audio_asset_pointer"))
    g_string_append (out, "[Audio");
  else if (type != MM_JSON_NONE && mm_json_string_equals (bytes, type, "video_container_asset_pointer"))
    g_string_append (out, "[Video");
  else
    g_string_append (out, "[Attachment");
  if (pointer != MM_JSON_NONE && mm_json_is_string (bytes, pointer))
    {
      g_string_append (out, ": ");
      mm_json_append_string (out, bytes, pointer, 1024);
    }
  g_string_append_c (out, ']');
}

/* Every string in a value, in order, a blank line between them. */
static void
append_strings (GString           *out,
                const MmJsonBytes *bytes,
                guint64            value,
                guint              depth)
{
  MmJsonIter iter;
  guint64 key, member;

  if (mm_json_is_string (bytes, value))
    {
      if (mm_json_string_is_blank (bytes, value))
        return;
      if (out->len > 0)
        g_string_append (out, "\n\n");
      mm_json_append_string (out, bytes, value, 0);
      return;
    }
  if (depth > 8 || !mm_json_iter_init (&iter, bytes, value))
    return;
  while (mm_json_iter_next (&iter, &key, &member))
    if (key == MM_JSON_NONE || !mm_json_string_equals (bytes, key, "content_type"))
      append_strings (out, bytes, member, depth + 1);
}

/* The message's text, decoded. */
char *
mm_conversation_dup_text (MmConversation *self,
                          guint           index)
{
  const MmJsonBytes *bytes = &self->bytes;
  const MmMessage *message = mm_conversation_get_message (self, index);
  GString *out = g_string_new (NULL);
  guint64 value;

  if (message == NULL || message->content == MM_JSON_NONE)
    return g_string_free (out, FALSE);

  if (message->kind == MM_CONTENT_TEXT && mm_json_find_member (bytes, message->content, "parts", &value))
    {
      MmJsonIter iter;
      guint64 part;

      if (mm_json_iter_init (&iter, bytes, value))
        while (mm_json_iter_next (&iter, NULL, &part))
          {
            if (mm_json_is_string (bytes, part) && mm_json_string_is_blank (bytes, part))
              continue;
            if (out->len > 0)
              g_string_append_c (out, '\n');
            if (mm_json_is_string (bytes, part))
              mm_json_append_string (out, bytes, part, 0);
            else if (bytes->data[part] == '{')
              append_attachment (out, bytes, part);
          }
    }
  else if ((message->kind == MM_CONTENT_CODE || message->kind == MM_CONTENT_OUTPUT) &&
           mm_json_find_member (bytes, message->content, "text", &value))
    mm_json_append_string (out, bytes, value, 0);
  else
    append_strings (out, bytes, message->content, 0);

  return g_string_free (out, FALSE);
}

const char *
mm_role_get_name (MmRole role)
{
  switch (role)
    {
    case MM_ROLE_USER: return "user";
    case MM_ROLE_ASSISTANT: return "assistant";
    case MM_ROLE_SYSTEM: return "system";
    case MM_ROLE_TOOL: return "tool";
    case MM_ROLE_OTHER: default: return "other";
    }
}

/* A time of the export (float seconds since the epoch) in the local time
 * zone, to the minute; NULL for none. */
char *
mm_conversation_format_time (double seconds)
{
  g_autoptr(GDateTime) time = NULL;

  if (isnan (seconds) || seconds < 0 || seconds > 253402300799.0)
    return NULL;
  time = g_date_time_new_from_unix_local ((gint64) seconds);
  return time ? g_date_time_format (time, "%Y-%m-%d %H:%M") : NULL;
}

/* The thread shown, as one Markdown file. */
char *
mm_conversation_dup_markdown (MmConversation *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *title = mm_conversation_dup_title (self);
  g_autofree char *date = mm_conversation_format_time (self->create_time);

  g_string_append_printf (out, "# %s\n\n", title && *title ? title : "Untitled");
  if (date != NULL)
    g_string_append_printf (out, "*%s*\n\n", date);

  for (guint i = 0; i < mm_conversation_get_n_messages (self); i++)
    {
      const MmMessage *message = mm_conversation_get_message (self, i);
      g_autofree char *text = mm_conversation_dup_text (self, i);
      g_autofree char *time = mm_conversation_format_time (message->create_time);
      const char *role = mm_role_get_name (message->role);

      g_string_append_printf (out, "## %c%s", g_ascii_toupper (role[0]), role + 1);
      if (time != NULL)
        g_string_append_printf (out, " · %s", time);
      g_string_append (out, "\n\n");
      if (message->kind == MM_CONTENT_CODE || message->kind == MM_CONTENT_OUTPUT)
        g_string_append_printf (out, "```\n%s\n```\n\n", text);
      else
        g_string_append_printf (out, "%s\n\n", text);
    }
  return g_string_free (out, FALSE);
}

/* ---- the outline's view ------------------------------------------------ */

gboolean
mm_conversation_summarize (const MmJsonBytes     *bytes,
                           guint64                start,
                           MmConversationSummary *summary)
{
  g_autoptr(MmConversation) conversation = mm_conversation_new (bytes, start);

  if (conversation == NULL)
    return FALSE;
  summary->start = start;
  summary->end = conversation->end;
  summary->title = conversation->title;
  summary->create_time = conversation->create_time_at;
  summary->n_messages = conversation->shown->len;
  return TRUE;
}

/* An object with a `mapping` and a `current_node` or `title`: the shape of
 * an export's conversation. Reads its keys, not its values. */
gboolean
mm_conversation_looks_like_one (const MmJsonBytes *bytes,
                                guint64            start)
{
  MmJsonIter iter;
  guint64 key, value;
  gboolean mapping = FALSE, other = FALSE;

  if (!mm_json_iter_init (&iter, bytes, start) || iter.kind != '{')
    return FALSE;
  while (mm_json_iter_next (&iter, &key, &value) && !(mapping && other))
    {
      if (mm_json_string_equals (bytes, key, "mapping"))
        mapping = bytes->data[value] == '{';
      else if (mm_json_string_equals (bytes, key, "current_node") || mm_json_string_equals (bytes, key, "title"))
        other = TRUE;
    }
  return mapping && other;
}
