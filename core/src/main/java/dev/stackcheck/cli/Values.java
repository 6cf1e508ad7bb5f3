package dev.stackcheck.cli;

import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngineProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The values options accept, as the help lists them ({@code ${COMPLETION-CANDIDATES}}): taken from the
 * catalogues the options are checked against, so that the help never lists a value the option refuses or
 * leaves out one it takes.
 */
final class Values {

    private Values() {
    }

    /** Every profile {@code --profile} takes ({@link Profile#byName}): the historical ones, explore, real runtimes. */
    static final class Profiles implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names().iterator();
        }

        static List<String> names() {
            List<Profile> all = new ArrayList<>(Profile.all());
            all.add(Profile.EXPLORE);
            all.addAll(Profile.realRuntimes());
            return all.stream().map(Profile::name).toList();
        }
    }

    /** The engines of the registry (with the plug-ins on the class path), which {@code all} means. */
    static final class RegistryEngines implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Engines.providers().stream().map(StackEngineProvider::name).iterator();
        }
    }
}
