/**
 * Test support: a real registry and deterministic fixture images.
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.start()) {          // or startWithHtpasswd()
 *     Fixtures.Pushed images = Fixtures.pushAll(registry);           // busybox, multilayer, oci/..., multiarch/...
 *     String ref = images.multilayer().reference();                  // 127.0.0.1:PORT/multilayer:latest
 *     TestImage evil = ImageConfigBuilder.create()
 *         .layer(LayerTar.create().file("../evil", "x").build(), "evil").build();
 *     new ImagePusher(registry).push("evil", "latest", evil, ImageFormat.OCI);
 * }
 * }</pre>
 */
package dev.wharf.testsupport;
