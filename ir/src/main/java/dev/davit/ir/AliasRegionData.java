package dev.davit.ir;

/** A named alias region: {@code regionN = ID "name"}; memory accesses in different regions never alias. */
public record AliasRegionData(long id, String name) {}
