package leadrouter.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code lists} section: named value lists for {@code in_list}, written inline or read from a
 * text file (one value per line; blank lines and lines starting with '#' are ignored) relative to
 * the config file's directory.
 */
final class ListsParser {
    private ListsParser() {
    }

    static Map<String, List<String>> parse(Node lists, Path baseDir, Errors errors) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!lists.present() || !lists.map(errors)) {
            return out;
        }
        for (Node.Entry e : lists.entries()) {
            if (!Values.ID.matcher(e.key()).matches()) {
                errors.add(e.value(), "'" + e.key() + "' is not a valid list name (" + Values.ID_RULE + ")");
                continue;
            }
            List<String> values = e.value().isObject() ? fromFile(e.value(), baseDir, errors) : inline(e.value(), errors);
            if (values != null) out.put(e.key(), values);
        }
        return out;
    }

    private static List<String> inline(Node list, Errors errors) {
        if (!list.isArray()) {
            errors.add(list, "must be a list of values or {file: name.txt}");
            return null;
        }
        List<String> values = new ArrayList<>();
        boolean ok = true;
        for (Node v : list.items()) {
            if (v.isScalar() && !v.json().isBoolean()) {
                values.add(v.scalarText(errors));
            } else {
                errors.add(v, "must be a string or a number");
                ok = false;
            }
        }
        return ok ? values : null;
    }

    private static List<String> fromFile(Node spec, Path baseDir, Errors errors) {
        if (!spec.object(errors, List.of("file"))) return null;
        Node fileNode = spec.get("file");
        if (!fileNode.require(errors)) return null;
        String name = fileNode.text(errors);
        if (name == null) return null;
        if (baseDir == null) {
            errors.add(fileNode, "list files can only be used in a config loaded from a file; write the values inline");
            return null;
        }
        Path file = baseDir.resolve(name).normalize();
        try {
            List<String> values = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String v = line.strip();
                if (!v.isEmpty() && !v.startsWith("#")) values.add(v);
            }
            return values;
        } catch (IOException e) {
            errors.add(fileNode, "cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : " (" + e.getMessage() + ")"));
            return null;
        }
    }
}
