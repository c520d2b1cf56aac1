package org.inventory.server.http;

import io.helidon.common.socket.PeerInfo;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A client's address as the failure guard counts it and the audit log names it: the IP address in text. Not
 * {@link PeerInfo#host()}, which may be a name from a reverse DNS look-up: slow, and chosen by whoever controls
 * that DNS.
 */
public final class ClientAddress {
    private ClientAddress() {}

    public static String of(PeerInfo peer) {
        return of(peer.address());
    }

    public static String of(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
