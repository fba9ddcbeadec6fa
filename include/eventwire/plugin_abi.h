/* The in-process plugin ABI: what a shared library exports to be loaded as a
 * stage by `eventwire-stage-host --plugin` (or the coordinator's embedded
 * mode). Plain C so that a plugin may be written in any language that can
 * export C symbols; documents cross it as serialized eventwire.v1 protobuf
 * messages, the same bytes the gRPC stage contract carries, so a plugin may
 * use its own protobuf library.
 *
 * Versioning: the host calls eventwire_plugin_abi_version() first and refuses
 * a plugin whose version it does not implement, with a message naming both.
 * Additive changes (new optional exports) keep the version; anything else
 * raises it.
 *
 * Threads: eventwire_plugin_process() is called from many threads at once on
 * the same instance; everything else is called from one thread. */
#ifndef EVENTWIRE_PLUGIN_ABI_H_
#define EVENTWIRE_PLUGIN_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version this header describes. */
#define EVENTWIRE_PLUGIN_ABI_VERSION 1u

#define EVENTWIRE_PLUGIN_EXPORT __attribute__((visibility("default")))

/* Bytes the plugin allocates and the host hands back to
 * eventwire_plugin_free_buffer() once read. */
typedef struct EventwireBuffer {
  uint8_t* data;
  size_t size;
} EventwireBuffer;

/* Returns EVENTWIRE_PLUGIN_ABI_VERSION as the plugin was built. */
typedef uint32_t (*EventwirePluginAbiVersionFn)(void);

/* Builds an instance from the plugin's configuration text (UTF-8, may be
 * empty; the plugin defines its format). Returns NULL on failure and fills
 * `error` with a UTF-8 message. */
typedef void* (*EventwirePluginCreateFn)(const char* config, size_t config_size,
                                         EventwireBuffer* error);

/* Fills `description` with a serialized eventwire.v1.StageDescription.
 * Returns 0, or a google.rpc code with a message in `description`. */
typedef int32_t (*EventwirePluginDescribeFn)(void* instance,
                                             EventwireBuffer* description);

/* Processes one serialized eventwire.v1.Document. Returns 0 with the updated
 * serialized document in `output`, or a google.rpc code (3 INVALID_ARGUMENT
 * for a document the plugin cannot handle, 13 INTERNAL for its own failure)
 * with a UTF-8 message in `output`. */
typedef int32_t (*EventwirePluginProcessFn)(void* instance,
                                            const uint8_t* document,
                                            size_t document_size,
                                            EventwireBuffer* output);

typedef void (*EventwirePluginFreeBufferFn)(EventwireBuffer* buffer);
typedef void (*EventwirePluginDestroyFn)(void* instance);

/* The symbol names a plugin exports, one per function type above. */
#define EVENTWIRE_PLUGIN_SYMBOL_ABI_VERSION "eventwire_plugin_abi_version"
#define EVENTWIRE_PLUGIN_SYMBOL_CREATE "eventwire_plugin_create"
#define EVENTWIRE_PLUGIN_SYMBOL_DESCRIBE "eventwire_plugin_describe"
#define EVENTWIRE_PLUGIN_SYMBOL_PROCESS "eventwire_plugin_process"
#define EVENTWIRE_PLUGIN_SYMBOL_FREE_BUFFER "eventwire_plugin_free_buffer"
#define EVENTWIRE_PLUGIN_SYMBOL_DESTROY "eventwire_plugin_destroy"

#ifdef __cplusplus
}
#endif

#endif /* EVENTWIRE_PLUGIN_ABI_H_ */
