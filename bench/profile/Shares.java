import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads async-profiler's collapsed stacks (taken with "threads") and prints where the samples
 * went: per thread (pools added up), and per thread the top frames by self samples and
 * LeadRouter's own methods by inclusive samples (a method counted once per stack).
 */
public class Shares {
    static final int TOP = 12;

    public static void main(String[] args) throws Exception {
        Map<String, Long> perThread = new HashMap<>();
        Map<String, Map<String, Long>> self = new HashMap<>(), own = new HashMap<>();
        long total = 0;
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            int space = line.lastIndexOf(' ');
            if (space < 0) continue;
            long n = Long.parseLong(line.substring(space + 1));
            String[] frames = line.substring(0, space).split(";");
            String thread = threadGroup(frames[0]);
            total += n;
            perThread.merge(thread, n, Long::sum);
            self.computeIfAbsent(thread, t -> new HashMap<>()).merge(frames[frames.length - 1], n, Long::sum);
            Set<String> seen = new HashSet<>();
            for (int i = 1; i < frames.length; i++) {
                if (frames[i].startsWith("leadrouter/") && seen.add(frames[i])) {
                    own.computeIfAbsent(thread, t -> new HashMap<>()).merge(frames[i], n, Long::sum);
                }
            }
        }
        System.out.printf("%,d samples%n%nper thread:%n", total);
        for (var e : top(perThread, 15)) System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey());
        for (var t : top(perThread, 4)) {
            long inThread = t.getValue();
            System.out.printf("%n%s (%.1f%% of all): top frames by self samples, %% of the thread%n", t.getKey(), 100.0 * inThread / total);
            for (var e : top(self.get(t.getKey()), TOP)) System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / inThread, e.getKey());
            System.out.printf("  LeadRouter's methods, inclusive:%n");
            for (var e : top(own.getOrDefault(t.getKey(), Map.of()), TOP)) System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / inThread, e.getKey());
        }
    }

    /** "[ForkJoinPool-1-worker-3 tid=123]" and "[leadrouter-committer tid=9]" -> "ForkJoinPool", "leadrouter-committer". */
    static String threadGroup(String frame) {
        String name = frame.startsWith("[") ? frame.substring(1, frame.length() - 1) : frame;
        int tid = name.indexOf(" tid=");
        if (tid >= 0) name = name.substring(0, tid);
        // Pool members, numbered after "-" or "#" ("ForkJoinPool-1-worker-3", "GC Thread#1"),
        // or by trailing digits ("C2 CompilerThread0"), are added up.
        return name.replaceFirst("[-#]\\d.*$", "").replaceFirst("\\d+$", "");
    }

    static List<Map.Entry<String, Long>> top(Map<String, Long> m, int n) {
        return m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n).toList();
    }
}
