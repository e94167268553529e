package dev.davit.codegen.settings;

import java.util.Arrays;
import java.util.List;

/**
 * Values for every setting of a {@link SettingGroup}; immutable. Built from {@code set} lines,
 * {@code target} words or {@code --set k=v} options through {@link Builder}, which rejects an unknown
 * name or a bad value with a {@link SettingError} naming the setting and what it accepts.
 */
public final class Flags {
    private final SettingGroup group;
    private final long[] values;

    private Flags(SettingGroup group, long[] values) {
        this.group = group;
        this.values = values;
    }

    public SettingGroup group() { return group; }

    public boolean bool(int setting) { return values[setting] != 0; }

    /** The ordinal of an ENUM setting's value. */
    public int enumOrdinal(int setting) { return (int) values[setting]; }

    public long num(int setting) { return values[setting]; }

    /** A setting's value as text: {@code true}, {@code speed}, {@code 12}. */
    public String text(int setting) {
        SettingGroup.Setting s = group.setting(setting);
        return switch (s.kind()) {
            case BOOL -> values[setting] != 0 ? "true" : "false";
            case ENUM -> s.values().get((int) values[setting]);
            case NUM -> Long.toString(values[setting]);
        };
    }

    /**
     * Every setting as {@code name = value} lines, in declaration order: what compilation depends on,
     * so it can go into a cache key.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[").append(group.name()).append("]\n");
        for (int i = 0; i < group.size(); i++) sb.append(group.setting(i).name()).append(" = ").append(text(i)).append('\n');
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Flags f && f.group == group && Arrays.equals(f.values, values);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(values) * 31 + group.name().hashCode(); }

    /** Accumulates settings; {@link #build()} freezes them. */
    public static final class Builder {
        private final SettingGroup group;
        private final long[] values;

        Builder(SettingGroup group) {
            this.group = group;
            values = new long[group.size()];
            for (int i = 0; i < values.length; i++) values[i] = group.setting(i).defaultValue();
        }

        /** Whether {@code name} is a setting or preset of this group. */
        public boolean knows(String name) { return group.indexOf(name) >= 0 || group.preset(name) != null; }

        /**
         * Applies one word of a {@code set} or {@code target} line: {@code name=value}, or a bare
         * {@code name} that turns a boolean or a preset on.
         */
        public Builder apply(String word) throws SettingError {
            int eq = word.indexOf('=');
            return eq < 0 ? enable(word) : set(word.substring(0, eq).strip(), word.substring(eq + 1).strip());
        }

        /** Turns on a boolean setting or a preset. */
        public Builder enable(String name) throws SettingError {
            List<String> preset = group.preset(name);
            if (preset != null) {
                for (String p : preset) enable(p);
                return this;
            }
            int i = index(name);
            if (group.setting(i).kind() != SettingGroup.Kind.BOOL)
                throw new SettingError("setting '" + name + "' needs a value: " + name + "=" + accepted(group.setting(i)));
            values[i] = 1;
            return this;
        }

        /** Sets a setting from its text value. */
        public Builder set(String name, String value) throws SettingError {
            if (group.preset(name) != null) {
                if (value.equals("true")) return enable(name);
                throw new SettingError("preset '" + name + "' can only be turned on");
            }
            int i = index(name);
            SettingGroup.Setting s = group.setting(i);
            switch (s.kind()) {
                case BOOL -> {
                    if (value.equals("true") || value.equals("1")) values[i] = 1;
                    else if (value.equals("false") || value.equals("0")) values[i] = 0;
                    else throw bad(s, value);
                }
                case ENUM -> {
                    int k = s.values().indexOf(value);
                    if (k < 0) throw bad(s, value);
                    values[i] = k;
                }
                case NUM -> {
                    try {
                        long v = Long.parseLong(value);
                        if (v < 0 || v > 255) throw bad(s, value);
                        values[i] = v;
                    } catch (NumberFormatException e) {
                        throw bad(s, value);
                    }
                }
            }
            return this;
        }

        private int index(String name) throws SettingError {
            int i = group.indexOf(name);
            if (i < 0) throw new SettingError("unknown " + group.name() + " setting '" + name + "'");
            return i;
        }

        private static SettingError bad(SettingGroup.Setting s, String value) {
            return new SettingError("bad value '" + value + "' for setting '" + s.name() + "': expected " + accepted(s));
        }

        private static String accepted(SettingGroup.Setting s) {
            return switch (s.kind()) {
                case BOOL -> "true or false";
                case ENUM -> String.join(", ", s.values());
                case NUM -> "a number from 0 to 255";
            };
        }

        public Flags build() { return new Flags(group, values.clone()); }
    }
}
