/**
 * {@code islec}: compiles ISLE rules to Java instruction selectors, at build time.
 *
 * <p>Data flows {@link dev.davit.islec.IslecMain} (command line, incremental regeneration) →
 * {@link dev.davit.isle.IsleFrontend} (parse, check, lower) → {@link dev.davit.islec.JavaGenerator}
 * → one Java source per unit. For each term with rules the generator builds a decision trie from
 * the lowered rules: rules sorted by priority (higher first), a rule joining an existing path
 * when its next test is the same (shared tests are evaluated once), and runs of tests of one
 * value against different variants becoming a {@code switch}. The trie is emitted as nested
 * {@code if}/{@code switch}/{@code for} blocks; falling out of a block tries the next
 * alternative, so the order of rules is kept. Subtrees too big for one JVM method move to
 * helper methods.
 *
 * <p>The generated class holds the ISLE types (sealed interfaces with records, Java enums,
 * records for structs), a {@code Context} interface with one method per extern constructor,
 * extractor and constant, and one static method per term. Every leaf carries a comment naming
 * its rule and {@code file:line}.
 */
package dev.davit.islec;
