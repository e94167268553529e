package dev.davit.codegen.settings;

/** A {@code set} or {@code target} word that names no setting, or gives a setting a value it cannot take. */
public final class SettingError extends Exception {
    public SettingError(String message) { super(message); }
}
