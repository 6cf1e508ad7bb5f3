/**
 * Stack engines: the {@link dev.stackcheck.engine.StackEngine} contract that a third party implements
 * (found through {@link java.util.ServiceLoader} via {@link dev.stackcheck.engine.StackEngineProvider},
 * listed by {@link dev.stackcheck.engine.Engines}), and the reference engines: segmented (morestack,
 * stack-info record, lessstack), copying (double, copy, adjust with pointer maps, shrink at gc) and hybrid
 * (Go 1.3: copy the top segment when it allows, else split), with historical {@link dev.stackcheck.engine.Profile}s.
 * With {@code memory} and {@code program} it makes the artifact {@code dev.stackcheck:stackcheck-api}, whose
 * API is stable from 0.1.0: a change needs an entry in CHANGELOG.md.
 */
package dev.stackcheck.engine;
