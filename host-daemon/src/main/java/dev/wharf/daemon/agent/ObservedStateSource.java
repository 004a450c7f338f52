package dev.wharf.daemon.agent;

import dev.wharf.model.agent.ObservedContainer;
import java.util.List;

/** What is on this host now, for the heartbeat. Implemented by the container and image stores' wiring. */
public interface ObservedStateSource {
    List<ObservedContainer> containers();

    List<String> imageIds();

    ObservedStateSource EMPTY = new ObservedStateSource() {
        @Override
        public List<ObservedContainer> containers() {
            return List.of();
        }

        @Override
        public List<String> imageIds() {
            return List.of();
        }
    };
}
