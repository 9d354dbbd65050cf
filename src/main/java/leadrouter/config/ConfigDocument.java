package leadrouter.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a config document, YAML or JSON (JSON is valid YAML, so one reader serves both). Decimals
 * are read exactly (prices must not pass through binary floating point) and a key given twice in
 * one map is a syntax error rather than a silent overwrite.
 */
public final class ConfigDocument {
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigDocument() {
    }

    /** The document tree; a syntax error becomes a {@link ConfigException} with one error at path "$". */
    public static JsonNode read(String text) {
        JsonNode doc;
        try {
            doc = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(new ConfigError("$", describe(e))));
        }
        if (doc == null || doc.isMissingNode() || doc.isNull()) {
            throw new ConfigException(List.of(new ConfigError("$", "the config is empty")));
        }
        return doc;
    }

    public static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError("$", "cannot read " + file + ": " + e.getClass().getSimpleName())));
        }
        return read(text);
    }

    /** "line L, column C: problem", in the words of the YAML parser where it has them. */
    private static String describe(JsonProcessingException e) {
        String problem = e.getOriginalMessage();
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblem() != null) {
            problem = y.getProblem();
            if (y.getContext() != null) {
                problem += " (" + y.getContext()
                        + (y.getContextMark() == null ? "" : " started at line " + (y.getContextMark().getLine() + 1)
                        + ", column " + (y.getContextMark().getColumn() + 1)) + ")";
            }
        }
        problem = problem.strip();
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) return problem;
        return "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + problem;
    }
}
