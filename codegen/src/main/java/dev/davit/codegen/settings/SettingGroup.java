package dev.davit.codegen.settings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The declaration of a group of settings (the shared ones, or one ISA's): each setting's name, kind,
 * allowed values and default, plus presets that switch several boolean settings on at once
 * ({@code skylake}, {@code sse42}). Values of a group live in a {@link Flags}; a setting is addressed by
 * its dense index, so reading a flag on the compile path is an array load.
 */
public final class SettingGroup {
    public enum Kind { BOOL, ENUM, NUM }

    /** One setting. For ENUM, {@code values} are its names and the value is the ordinal. */
    public record Setting(String name, Kind kind, List<String> values, long defaultValue, String doc) {}

    private final String name;
    private final List<Setting> settings = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, List<String>> presets = new HashMap<>();

    public SettingGroup(String name) { this.name = name; }

    public String name() { return name; }

    /** Declares a boolean; returns its index. */
    public int bool(String name, boolean dflt, String doc) {
        return add(new Setting(name, Kind.BOOL, List.of(), dflt ? 1 : 0, doc));
    }

    /** Declares an enumeration whose default is its first value; returns its index. */
    public int enumeration(String name, String doc, String... values) {
        return add(new Setting(name, Kind.ENUM, List.of(values), 0, doc));
    }

    /** Declares a number (0..255 as in Cranelift); returns its index. */
    public int num(String name, int dflt, String doc) {
        return add(new Setting(name, Kind.NUM, List.of(), dflt, doc));
    }

    /** Declares a preset: setting it turns on each of {@code bools} (themselves settings or presets). */
    public void preset(String name, String... bools) { presets.put(name, List.of(bools)); }

    private int add(Setting s) {
        if (index.containsKey(s.name())) throw new IllegalArgumentException("duplicate setting " + s.name());
        index.put(s.name(), settings.size());
        settings.add(s);
        return settings.size() - 1;
    }

    public int size() { return settings.size(); }

    public Setting setting(int i) { return settings.get(i); }

    /** Index of the named setting, or -1. */
    public int indexOf(String name) { return index.getOrDefault(name, -1); }

    /** The settings a preset turns on, or null if {@code name} is no preset. */
    public List<String> preset(String name) { return presets.get(name); }

    /** A builder starting from the defaults. */
    public Flags.Builder builder() { return new Flags.Builder(this); }
}
