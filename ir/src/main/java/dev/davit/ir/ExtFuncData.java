package dev.davit.ir;

/** An external function a function may call: {@code fnN = [colocated] NAME sigM}. */
public record ExtFuncData(ExternalName name, int signature, boolean colocated, boolean patchable) {}
