package org.jsasl.examples.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jsasl.server.SaslLog;

/**
 * The options and operands of one command, parsed against the options that command accepts:
 * {@code --name value} or {@code --name=value} for options with a value, {@code --name} for flags,
 * and {@code --} to end the options.
 */
final class Args {

    private final Map<String, String> values;
    private final Map<String, List<String>> repeated;
    private final Set<String> flags;
    private final List<String> operands;

    private Args(Map<String, String> values, Map<String, List<String>> repeated, Set<String> flags,
            List<String> operands) {
        this.values = values;
        this.repeated = repeated;
        this.flags = flags;
        this.operands = operands;
    }

    /**
     * @param args the arguments after the command name
     * @param valueOptions the options that take a value, such as {@code --config}
     * @param flagOptions the options that take none, such as {@code --batch}
     * @throws UsageException for an unknown option, a missing value or an option given twice
     */
    static Args parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) throws UsageException {
        return parse(args, valueOptions, flagOptions, Set.of());
    }

    /**
     * As {@link #parse(List, Set, Set)}, with options that may be given more than once (each
     * {@code --dovecot ADDRESS} one more listener), read with {@link #values(String)}.
     */
    static Args parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions,
            Set<String> repeatableOptions) throws UsageException {
        Map<String, String> values = new HashMap<>();
        Map<String, List<String>> repeated = new HashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                operands.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (valueOptions.contains(name) || repeatableOptions.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option " + name + " needs a value");
                }
                if (repeatableOptions.contains(name)) {
                    repeated.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else if (values.put(name, value) != null) {
                    throw new UsageException("option " + name + " is given twice");
                }
            } else if (flagOptions.contains(name) && eq < 0) {
                if (!flags.add(name)) {
                    throw new UsageException("option " + name + " is given twice");
                }
            } else if (flagOptions.contains(name)) {
                throw new UsageException("option " + name + " takes no value");
            } else {
                throw new UsageException("unknown option " + SaslLog.quote(name) + " (see jsasl --help)");
            }
        }
        return new Args(values, repeated, flags, operands);
    }

    /** The value of an option, if given. */
    Optional<String> value(String option) {
        return Optional.ofNullable(values.get(option));
    }

    /**
     * The value of an option that must be given.
     *
     * @throws UsageException when it is missing or empty
     */
    String required(String option) throws UsageException {
        String v = values.get(option);
        if (v == null) {
            throw new UsageException("missing " + option + " (see jsasl --help)");
        }
        if (v.isEmpty()) {
            throw new UsageException("option " + option + " needs a non-empty value");
        }
        return v;
    }

    /**
     * The value of an option that must be given, as a file name.
     *
     * @throws UsageException when it is missing, empty or cannot be a file name
     */
    Path requiredPath(String option) throws UsageException {
        String v = required(option);
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new UsageException(option + ": not a file name: " + SaslLog.quote(v), e);
        }
    }

    /** Every value of a repeatable option, in order; empty when it was not given. */
    List<String> values(String option) {
        return repeated.getOrDefault(option, List.of());
    }

    /** Whether a flag was given. */
    boolean flag(String option) {
        return flags.contains(option);
    }

    /** The arguments that are not options, in order. */
    List<String> operands() {
        return operands;
    }
}
