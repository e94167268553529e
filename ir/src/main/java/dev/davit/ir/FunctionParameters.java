package dev.davit.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What of a function compilation does not read: the base source location that the stencil's
 * {@code RelSourceLoc}s are relative to, and the table from {@code UserExternalNameRef} (a dense int)
 * to the real {@link UserExternalName}. Changing these never changes the stencil's bytes, so a
 * cached compile is reused and only its fixups are redone.
 */
public final class FunctionParameters {
    /** No base source location has been set yet. */
    public static final int NO_BASE = -1;

    private int baseSrcLoc = NO_BASE;
    private final List<UserExternalName> userNames = new ArrayList<>();
    private final Map<UserExternalName, Integer> userNameRefs = new HashMap<>();

    /** The absolute base source location (unsigned 32-bit as an int), or {@link #NO_BASE}. */
    public int baseSrcLoc() { return baseSrcLoc; }

    public boolean hasBaseSrcLoc() { return baseSrcLoc != NO_BASE; }

    public void setBaseSrcLoc(int base) { baseSrcLoc = base; }

    /** Returns the ref for {@code name}, declaring it if new. */
    public int declareImportedUserFunction(UserExternalName name) {
        Integer r = userNameRefs.get(name);
        if (r != null) return r;
        userNames.add(name);
        userNameRefs.put(name, userNames.size() - 1);
        return userNames.size() - 1;
    }

    /** Points an existing ref at another name (the stencil is unchanged). */
    public void resetUserFunctionName(int ref, UserExternalName name) {
        userNameRefs.remove(userNames.get(ref));
        userNames.set(ref, name);
        userNameRefs.put(name, ref);
    }

    public UserExternalName userName(int ref) { return userNames.get(ref); }

    public int numUserNames() { return userNames.size(); }

    public FunctionParameters copy() {
        FunctionParameters p = new FunctionParameters();
        p.baseSrcLoc = baseSrcLoc;
        for (UserExternalName n : userNames) p.declareImportedUserFunction(n);
        return p;
    }
}
