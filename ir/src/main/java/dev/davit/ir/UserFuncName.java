package dev.davit.ir;

/** The name of a function: a user name {@code u0:1} or a test-case name {@code %name}. */
public sealed interface UserFuncName {
    record User(UserExternalName name) implements UserFuncName {
        @Override public String text() { return name.text(); }
    }

    record TestCase(String name) implements UserFuncName {
        @Override public String text() { return "%" + name; }
    }

    String text();
}
