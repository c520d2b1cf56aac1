package org.inventory.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's Markdown files resolves: the file it names exists inside the repository,
 * and its {@code #anchor}, if any, is a heading of that file as GitHub names it. Links to other sites are not
 * fetched; a link to an absolute path or out of the repository is an error, since no reader has either.
 */
class MarkdownLinksTest {
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(\\s+#+)?\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");
    /** An inline link or image: the target, without angle brackets or a title. */
    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

    private static final Pattern REFERENCE = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Map<Path, Set<String>> anchors = new HashMap<>();

    @Test
    void every_relative_link_and_anchor_in_the_repository_resolves() {
        Path root = repositoryRoot();
        List<Path> files = markdownFiles(root);
        assertTrue(files.contains(root.resolve("README.md")), "the README is among the files walked: " + files);
        var problems = new ArrayList<String>();
        int links = 0;
        for (Path file : files) {
            for (Link link : links(file)) {
                links++;
                String problem = check(root, file, link.target());
                if (problem != null) {
                    problems.add(root.relativize(file) + ":" + link.line() + ": " + link.target() + ": " + problem);
                }
            }
        }
        assertTrue(links > 0, "no links found in " + files.size() + " files");
        assertTrue(problems.isEmpty(), problems.size() + " broken links:\n" + String.join("\n", problems));
    }

    @Test
    void anchors_are_named_as_github_names_them() {
        assertEquals("ingest-wshostport", slug("Ingest: `ws://HOST:PORT/`"));
        assertEquals("read-protection-inventory_read_token", slug("Read protection: `INVENTORY_READ_TOKEN`"));
        assertEquals("import---file", slug("Import: `--file`"));
        assertEquals("the-jvm-java_opts", slug("The JVM: `JAVA_OPTS`"));
        assertEquals("see-the-docs", slug("See [the docs](docs/api.md)"));
        assertEquals("façade-µs--2026", slug("Façade, µs → 2026!"));
        assertEquals(
                List.of("tests", "tests-1", "tests-2"),
                List.copyOf(anchorsOf(List.of("# Tests", "## Tests", "### Tests"))));
        assertEquals(Set.of("a"), anchorsOf(List.of("```", "# Not a heading", "```", "# A")));
    }

    @Test
    void a_link_is_checked_against_files_and_headings() {
        Path root = repositoryRoot();
        Path readme = root.resolve("README.md");
        assertEquals(null, check(root, readme, "docs/api.md"));
        assertEquals(null, check(root, readme, "https://example.org/nowhere"));
        assertFalse(check(root, readme, "docs/no-such-file.md") == null);
        assertFalse(check(root, readme, "docs/api.md#no-such-heading") == null);
        assertFalse(check(root, readme, "../outside.md") == null);
        assertFalse(check(root, readme, "/etc/hosts") == null);
    }

    /** Why the link does not resolve, or null when it does. */
    private String check(Path root, Path file, String target) {
        if (target.isEmpty()) {
            return "an empty link";
        }
        if (SCHEME.matcher(target).find()) {
            return null;
        }
        if (target.startsWith("/")) {
            return "an absolute path; link relative to the file";
        }
        int hash = target.indexOf('#');
        String path = (hash < 0 ? target : target.substring(0, hash)).replace("%20", " ");
        String fragment = hash < 0 ? "" : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (fragment.isEmpty()) {
            return null;
        }
        Path page = Files.isDirectory(resolved) ? resolved.resolve("README.md") : resolved;
        if (!page.getFileName().toString().endsWith(".md") || !Files.isRegularFile(page)) {
            return "an anchor into a file that is not Markdown";
        }
        Set<String> names = anchors.computeIfAbsent(page, p -> anchorsOf(lines(p)));
        return names.contains(fragment)
                ? null
                : "no heading with the anchor #" + fragment + " in " + root.relativize(page);
    }

    private record Link(int line, String target) {}

    /** The links outside code blocks and code spans. */
    private static List<Link> links(Path file) {
        var found = new ArrayList<Link>();
        boolean inFence = false;
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            String text = CODE_SPAN.matcher(line).replaceAll("");
            Matcher inline = INLINE_LINK.matcher(text);
            while (inline.find()) {
                found.add(new Link(i + 1, inline.group(1)));
            }
            Matcher reference = REFERENCE.matcher(text);
            if (reference.matches()) {
                found.add(new Link(i + 1, reference.group(1)));
            }
        }
        return found;
    }

    /** The anchors of a Markdown file: its headings as GitHub names them (repeats numbered), and HTML anchors. */
    static Set<String> anchorsOf(List<String> lines) {
        var names = new LinkedHashSet<String>();
        var seen = new HashMap<String, Integer>();
        boolean inFence = false;
        for (String line : lines) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String base = slug(heading.group(2));
                String name = base;
                int n = seen.getOrDefault(base, 0);
                while (names.contains(name)) {
                    n++;
                    name = base + "-" + n;
                }
                seen.put(base, n);
                names.add(name);
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                names.add(html.group(1));
            }
        }
        return names;
    }

    /**
     * A heading's anchor as GitHub makes it: the text as rendered (a link's text, code without its backticks, no
     * tags), lower case, every character but letters, digits, marks, {@code -} and {@code _} dropped, each space a
     * {@code -}.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replace("`", "")
                .replaceAll("<[^>]+>", "")
                .strip()
                .toLowerCase(Locale.ROOT);
        var slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (Character.isLetterOrDigit(c)
                    || c == '-'
                    || c == '_'
                    || Character.getType(c) == Character.NON_SPACING_MARK
                    || Character.getType(c) == Character.COMBINING_SPACING_MARK) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    /** The repository's root: the topmost directory above the tests' working directory that holds a pom.xml. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        Path root = null;
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("pom.xml"))) {
                root = d;
            } else if (root != null) {
                break;
            }
        }
        assertTrue(root != null && Files.isRegularFile(root.resolve("README.md")), "no repository root above " + dir);
        return root;
    }

    /** Every *.md of the repository, leaving out build output and hidden folders. */
    private static List<Path> markdownFiles(Path root) {
        var files = new ArrayList<Path>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name =
                            dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skip = !dir.equals(root)
                            && (name.startsWith(".") || name.equals("target") || name.equals("node_modules"));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.getFileName().toString().endsWith(".md")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
