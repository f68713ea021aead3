/* mm-gen.c: deterministic test data in the shapes MmView's users open.
 *
 *   mm-gen export [--escaped] [--seed N] SIZE OUT   conversations.json, one line
 *   mm-gen html   [--escaped] [--seed N] SIZE OUT   chat.html with the same data
 *   mm-gen pretty [--seed N] SIZE OUT                pretty-printed JSON
 *   mm-gen log    [--seed N] SIZE OUT                a log of short lines
 *
 * SIZE takes K, M and G suffixes. The same seed and size give the same bytes.
 */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  FILE    *out;
  guint64  written;
  guint64  state;
  gboolean escaped;   /* non-ASCII as \uXXXX rather than raw UTF-8 */
} Gen;

static guint32
next_random (Gen *gen)
{
  /* xorshift64*: fixed output for a seed on every machine. */
  gen->state ^= gen->state >> 12;
  gen->state ^= gen->state << 25;
  gen->state ^= gen->state >> 27;
  return (guint32) ((gen->state * G_GUINT64_CONSTANT (2685821657736338717)) >> 32);
}

static guint
pick (Gen   *gen,
      guint  n)
{
  return next_random (gen) % n;
}

static void
put (Gen        *gen,
     const char *s,
     gsize       n)
{
  fwrite (s, 1, n, gen->out);
  gen->written += n;
}

static void
puts_ (Gen        *gen,
       const char *s)
{
  put (gen, s, strlen (s));
}

G_GNUC_PRINTF (2, 3)
static void
printf_ (Gen        *gen,
         const char *format,
         ...)
{
  g_autofree char *s = NULL;
  va_list args;

  va_start (args, format);
  s = g_strdup_vprintf (format, args);
  va_end (args);
  puts_ (gen, s);
}

static void
uuid (Gen  *gen,
      char  out[37])
{
  g_snprintf (out, 37, "%08x-%04x-%04x-%04x-%04x%08x",
              next_random (gen), next_random (gen) & 0xffff, (next_random (gen) & 0x0fff) | 0x4000,
              (next_random (gen) & 0x3fff) | 0x8000, next_random (gen) & 0xffff, next_random (gen));
}

/* A JSON string body for UTF-8 text, escaped as Python's json.dumps does. */
static void
json_text (Gen        *gen,
           const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '"')
        puts_ (gen, "\\\"");
      else if (c == '\\')
        puts_ (gen, "\\\\");
      else if (c == '\n')
        puts_ (gen, "\\n");
      else if (c == '\t')
        puts_ (gen, "\\t");
      else if (c < 0x20)
        printf_ (gen, "\\u%04x", c);
      else if (c < 0x80 || !gen->escaped)
        put (gen, p, g_utf8_next_char (p) - p);
      else if (c < 0x10000)
        printf_ (gen, "\\u%04x", c);
      else
        printf_ (gen, "\\u%04x\\u%04x", 0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff));
    }
}

static const char *words[] = {
  "the", "file", "index", "memory", "map", "page", "kernel", "line", "offset", "byte",
  "scroll", "search", "window", "widget", "thread", "signal", "export", "message", "user",
  "assistant", "because", "however", "simply", "large", "quickly", "value", "function",
  "Größe", "naïve", "café", "日本語", "テキスト", "中文", "привет", "😀", "🚀", "ελληνικά",
};

static void
sentence (Gen     *gen,
          GString *s)
{
  guint n = 4 + pick (gen, 14);

  for (guint i = 0; i < n; i++)
    {
      const char *w = words[pick (gen, G_N_ELEMENTS (words))];

      g_string_append (s, w);
      if (i == 0 && g_ascii_islower (s->str[s->len - strlen (w)]))
        s->str[s->len - strlen (w)] = g_ascii_toupper (s->str[s->len - strlen (w)]);
      g_string_append_c (s, i + 1 < n ? ' ' : '.');
    }
}

static char *
markdown (Gen *gen,
          gboolean assistant)
{
  GString *s = g_string_new (NULL);
  guint paragraphs = 1 + pick (gen, assistant ? 5 : 2);

  for (guint p = 0; p < paragraphs; p++)
    {
      guint kind = pick (gen, 10);

      if (p > 0)
        g_string_append (s, "\n\n");

      if (assistant && kind == 0)
        g_string_append (s, "```python\ndef scan(path):\n    with open(path, \"rb\") as f:\n"
                            "        return f.read().count(b\"\\n\")\n```");
      else if (assistant && kind == 1)
        g_string_append (s, "```c\nfor (size_t i = 0; i < n; i++)\n\tif (p[i] == '\\n')\n\t\tlines++;\n```");
      else if (assistant && kind == 2)
        {
          for (guint i = 0; i < 3; i++)
            {
              g_string_append (s, i ? "\n- " : "- ");
              sentence (gen, s);
            }
        }
      else if (kind == 3)
        {
          g_string_append (s, "### ");
          sentence (gen, s);
        }
      else
        {
          guint n = 1 + pick (gen, 4);

          for (guint i = 0; i < n; i++)
            {
              if (i)
                g_string_append_c (s, ' ');
              sentence (gen, s);
            }
        }
    }

  return g_string_free (s, FALSE);
}

/* One node of the mapping. children: the ids, already quoted and joined. */
static void
node (Gen        *gen,
      const char *id,
      const char *parent,
      const char *children,
      const char *role,
      double      time,
      guint       index)
{
  gboolean code = strcmp (role, "assistant") == 0 && index % 11 == 5;

  printf_ (gen, "\"%s\": {\"id\": \"%s\", \"message\": {\"id\": \"%s\", \"author\": {\"role\": \"%s\", "
           "\"name\": %s, \"metadata\": {}}, \"create_time\": %.6f, \"update_time\": null, \"content\": ",
           id, id, id, role, strcmp (role, "tool") == 0 ? "\"python\"" : "null", time);

  if (strcmp (role, "system") == 0)
    puts_ (gen, "{\"content_type\": \"text\", \"parts\": [\"You are a helpful assistant.\"]}");
  else if (strcmp (role, "tool") == 0)
    {
      puts_ (gen, "{\"content_type\": \"execution_output\", \"text\": \"");
      printf_ (gen, "lines: %u\\nbytes: %u", pick (gen, 100000), pick (gen, 1u << 30));
      puts_ (gen, "\"}");
    }
  else if (strcmp (role, "user") == 0 && index % 7 == 3)
    {
      char asset[37];
      g_autofree char *text = markdown (gen, FALSE);

      uuid (gen, asset);
      printf_ (gen, "{\"content_type\": \"multimodal_text\", \"parts\": [{\"content_type\": "
               "\"image_asset_pointer\", \"asset_pointer\": \"file-service://file-%s\", \"size_bytes\": %u, "
               "\"width\": 1024, \"height\": 768, \"fovea\": null, \"metadata\": null}, \"", asset, pick (gen, 900000));
      json_text (gen, text);
      puts_ (gen, "\"]}");
    }
  else if (code)
    {
      puts_ (gen, "{\"content_type\": \"code\", \"language\": \"unknown\", \"text\": \"");
      json_text (gen, "import os\nprint(os.path.getsize(\"conversations.json\"))");
      puts_ (gen, "\"}");
    }
  else
    {
      g_autofree char *text = markdown (gen, strcmp (role, "assistant") == 0);

      puts_ (gen, "{\"content_type\": \"text\", \"parts\": [\"");
      json_text (gen, text);
      puts_ (gen, "\"]}");
    }

  /* A call to the code tool goes to it, not to the user. */
  printf_ (gen, ", \"status\": \"finished_successfully\", \"end_turn\": %s, \"weight\": 1.0, "
           "\"metadata\": {%s}, \"recipient\": \"%s\", \"channel\": null}, \"parent\": \"%s\", \"children\": [%s]}",
           strcmp (role, "assistant") == 0 ? "true" : "null",
           strcmp (role, "system") == 0 ? "\"is_visually_hidden_from_conversation\": true" : "",
           code ? "python" : "all", parent, children);
}

static char *
quoted (const char *id)
{
  return g_strdup_printf ("\"%s\"", id);
}

/* A conversation as the export writes it: a root, now and then a hidden
 * system message, user and assistant turns (with code tool calls and their
 * output), and now and then a regenerated answer: a fork whose other
 * branch the page does not show. Every 17th has a null title. */
static void
conversation (Gen     *gen,
              guint    number)
{
  guint n_messages = 2 + pick (gen, 24);
  double time = 1700000000.0 + number * 3600.0 + pick (gen, 1000000) / 1e6;
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint system = number % 5 == 0 ? 1 : 0;
  guint fork = number % 4 == 1 && n_messages >= 4 ? 2 + system : 0;
  char id[37], alternative[37];

  {
    GString *t = g_string_new (NULL);
    sentence (gen, t);
    title = g_string_free (t, FALSE);
  }

  for (guint i = 0; i <= n_messages + system; i++)
    {
      uuid (gen, id);
      g_ptr_array_add (ids, g_strdup (id));
    }
  uuid (gen, alternative);

  if (number % 17 == 5)
    puts_ (gen, "{\"title\": null");
  else
    {
      puts_ (gen, "{\"title\": \"");
      json_text (gen, title);
      puts_ (gen, "\"");
    }
  printf_ (gen, ", \"create_time\": %.6f, \"update_time\": %.6f, \"mapping\": {", time, time + 600.5);

  printf_ (gen, "\"%s\": {\"id\": \"%s\", \"message\": null, \"parent\": null, \"children\": [\"%s\"]}",
           (char *) ids->pdata[0], (char *) ids->pdata[0], (char *) ids->pdata[1]);
  for (guint i = 1; i <= n_messages + system; i++)
    {
      guint turn = i - system;
      const char *role = i <= system ? "system" :
                         turn % 2 == 1 ? "user" : (turn % 9 == 4 ? "tool" : "assistant");
      g_autofree char *children = i < n_messages + system ? quoted (ids->pdata[i + 1]) : g_strdup ("");

      /* The fork: the user's message has an older answer, then the one shown. */
      if (i + 1 == fork)
        {
          g_autofree char *older = quoted (alternative);
          g_autofree char *both = g_strdup_printf ("%s, %s", older, children);

          g_free (children);
          children = g_steal_pointer (&both);
        }
      puts_ (gen, ", ");
      node (gen, ids->pdata[i], ids->pdata[i - 1], children, role, time + i * 7.25, turn);
      if (i == fork)
        {
          puts_ (gen, ", ");
          node (gen, alternative, ids->pdata[i - 1], "", "assistant", time + i * 7.25 - 1.0, turn + 1);
        }
    }

  printf_ (gen, "}, \"moderation_results\": [], \"current_node\": \"%s\", \"plugin_ids\": null, "
           "\"conversation_id\": \"%s\", \"conversation_template_id\": null, \"gizmo_id\": null, "
           "\"gizmo_type\": null, \"is_archived\": false, \"is_starred\": null, \"safe_urls\": [], "
           "\"default_model_slug\": \"gpt-4o\", \"id\": \"%s\"}",
           (char *) ids->pdata[n_messages + system], (char *) ids->pdata[0], (char *) ids->pdata[0]);
}

static void
export_array (Gen     *gen,
              guint64  size)
{
  puts_ (gen, "[");
  for (guint i = 0; i == 0 || gen->written + 2 < size; i++)
    {
      if (i > 0)
        puts_ (gen, ", ");
      conversation (gen, i);
    }
  puts_ (gen, "]");
}

static void
gen_html (Gen     *gen,
          guint64  size)
{
  puts_ (gen, "<html>\n<head>\n    <title>ChatGPT Data Export</title>\n"
              "    <style>\n        body { font-family: sans-serif; }\n"
              "        .conversation { margin: 1em; }\n    </style>\n    <script>\nvar jsonData = ");
  export_array (gen, size > 1200 ? size - 1200 : size);
  puts_ (gen, ";\nfunction getConversationMessages(conversation) {\n"
              "    var messages = [];\n    var currentNode = conversation.current_node;\n"
              "    while (currentNode != null) {\n        var node = conversation.mapping[currentNode];\n"
              "        if (node.message && node.message.content && node.message.content.parts) {\n"
              "            messages.push({ author: node.message.author.role, text: node.message.content.parts.join('') });\n"
              "        }\n        currentNode = node.parent;\n    }\n    return messages.reverse();\n}\n"
              "window.onload = function() {\n    var root = document.getElementById(\"root\");\n"
              "    for (var i = 0; i < jsonData.length; i++) {\n        var div = document.createElement(\"div\");\n"
              "        div.className = \"conversation\";\n        root.appendChild(div);\n    }\n}\n"
              "    </script>\n</head>\n<body>\n<div id=\"root\">\n</div>\n</body>\n</html>\n");
}

static void
indent (Gen  *gen,
        guint depth)
{
  puts_ (gen, "\n");
  for (guint i = 0; i < depth; i++)
    puts_ (gen, "  ");
}

static void
gen_pretty (Gen     *gen,
            guint64  size)
{
  puts_ (gen, "[");
  for (guint i = 0; gen->written + 4 < size; i++)
    {
      char id[37];
      guint n = 1 + pick (gen, 6);
      GString *t = g_string_new (NULL);

      uuid (gen, id);
      sentence (gen, t);
      if (i > 0)
        puts_ (gen, ",");
      indent (gen, 1); puts_ (gen, "{");
      indent (gen, 2); printf_ (gen, "\"id\": \"%s\",", id);
      indent (gen, 2); puts_ (gen, "\"title\": \""); json_text (gen, t->str); puts_ (gen, "\",");
      indent (gen, 2); printf_ (gen, "\"created\": %.6f,", 1700000000.0 + i * 61.5);
      indent (gen, 2); printf_ (gen, "\"score\": %u,", pick (gen, 1000));
      indent (gen, 2); puts_ (gen, "\"tags\": [");
      for (guint k = 0; k < n; k++)
        {
          indent (gen, 3);
          printf_ (gen, "\"%s\"%s", words[pick (gen, G_N_ELEMENTS (words))], k + 1 < n ? "," : "");
        }
      indent (gen, 2); puts_ (gen, "],");
      indent (gen, 2); puts_ (gen, "\"archived\": false");
      indent (gen, 1); puts_ (gen, "}");
      g_string_free (t, TRUE);
    }
  puts_ (gen, "\n]\n");
}

static void
gen_log (Gen     *gen,
         guint64  size)
{
  static const char *levels[] = { "INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR" };
  static const char *what[] = {
    "GET /api/v1/conversations", "POST /api/v1/messages", "cache miss for key", "connection from",
    "worker finished job", "slow query on table users", "retrying upstream request",
  };

  for (guint64 i = 0; gen->written < size; i++)
    {
      guint64 t = i / 7;

      printf_ (gen, "2026-11-%02u %02u:%02u:%02u.%03u %-5s [%s] %s %u (%u ms)\n",
               (guint) (1 + (t / 86400) % 28), (guint) ((t / 3600) % 24), (guint) ((t / 60) % 60),
               (guint) (t % 60), (guint) (i % 1000), levels[pick (gen, G_N_ELEMENTS (levels))],
               pick (gen, 4) ? "http" : "db", what[pick (gen, G_N_ELEMENTS (what))],
               pick (gen, 100000), pick (gen, 5000));
    }
}

static guint64
parse_size (const char *s)
{
  char *end = NULL;
  guint64 v = g_ascii_strtoull (s, &end, 10);

  switch (*end)
    {
    case 'K': case 'k': return v << 10;
    case 'M': case 'm': return v << 20;
    case 'G': case 'g': return v << 30;
    default: return v;
    }
}

int
main (int   argc,
      char *argv[])
{
  Gen gen = { NULL, 0, 0x9e3779b97f4a7c15ull, FALSE };
  const char *mode;
  guint64 size;
  int i = 2;

  if (argc < 4)
    {
      fprintf (stderr, "usage: %s export|html|pretty|log [--escaped] [--seed N] SIZE OUT\n", argv[0]);
      return 2;
    }

  mode = argv[1];
  for (; i < argc - 2; i++)
    {
      if (strcmp (argv[i], "--escaped") == 0)
        gen.escaped = TRUE;
      else if (strcmp (argv[i], "--seed") == 0 && i + 1 < argc - 2)
        gen.state ^= g_ascii_strtoull (argv[++i], NULL, 10) * 0x100000001b3ull;
    }
  size = parse_size (argv[argc - 2]);
  gen.out = fopen (argv[argc - 1], "wb");
  if (gen.out == NULL)
    {
      perror (argv[argc - 1]);
      return 1;
    }
  setvbuf (gen.out, NULL, _IOFBF, 1 << 20);

  if (strcmp (mode, "export") == 0)
    export_array (&gen, size);
  else if (strcmp (mode, "html") == 0)
    gen_html (&gen, size);
  else if (strcmp (mode, "pretty") == 0)
    gen_pretty (&gen, size);
  else if (strcmp (mode, "log") == 0)
    gen_log (&gen, size);
  else
    {
      fprintf (stderr, "unknown kind: %s\n", mode);
      return 2;
    }

  if (fclose (gen.out) != 0)
    {
      perror (argv[argc - 1]);
      return 1;
    }
  return 0;
}
