#include "eventwire/plugin_loader.h"

#include <dlfcn.h>

#include <string_view>

#include "absl/strings/str_cat.h"
#include "eventwire/file.h"
#include "eventwire/plugin_abi.h"

namespace eventwire {
namespace {

struct PluginApi {
  EventwirePluginAbiVersionFn abi_version = nullptr;
  EventwirePluginCreateFn create = nullptr;
  EventwirePluginDescribeFn describe = nullptr;
  EventwirePluginProcessFn process = nullptr;
  EventwirePluginFreeBufferFn free_buffer = nullptr;
  EventwirePluginDestroyFn destroy = nullptr;
};

// Takes the plugin's bytes and hands the buffer back to it.
std::string Take(const PluginApi& api, EventwireBuffer& buffer) {
  std::string bytes;
  if (buffer.data != nullptr) {
    bytes.assign(reinterpret_cast<const char*>(buffer.data), buffer.size);
    api.free_buffer(&buffer);
  }
  return bytes;
}

absl::StatusCode CodeFrom(int32_t code) {
  return code > 0 && code <= 16 ? static_cast<absl::StatusCode>(code)
                                : absl::StatusCode::kInternal;
}

class PluginStage final : public Stage {
 public:
  PluginStage(std::string path, void* library, PluginApi api, void* instance,
              v1::StageDescription description)
      : path_(std::move(path)),
        library_(library),
        api_(api),
        instance_(instance),
        description_(std::move(description)) {}

  ~PluginStage() override {
    api_.destroy(instance_);
    dlclose(library_);
  }

  v1::StageDescription Describe() const override { return description_; }

  absl::Status Process(v1::Document& doc) const override {
    const std::string in = doc.SerializeAsString();
    EventwireBuffer out{nullptr, 0};
    const int32_t code =
        api_.process(instance_, reinterpret_cast<const uint8_t*>(in.data()),
                     in.size(), &out);
    std::string bytes = Take(api_, out);
    if (code != 0) {
      return absl::Status(CodeFrom(code),
                          bytes.empty() ? "the plugin gave no reason" : bytes);
    }
    v1::Document result;
    if (!result.ParseFromString(bytes)) {
      return absl::InternalError(
          absl::StrCat("plugin '", path_, "' returned ", bytes.size(),
                       " bytes that are not an eventwire.v1.Document"));
    }
    doc = std::move(result);
    return absl::OkStatus();
  }

 private:
  const std::string path_;
  void* const library_;
  const PluginApi api_;
  void* const instance_;
  const v1::StageDescription description_;
};

template <typename Fn>
absl::Status Resolve(void* library, const std::string& path, const char* name,
                     Fn* fn) {
  *fn = reinterpret_cast<Fn>(dlsym(library, name));
  if (*fn == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "plugin '", path, "' does not export ", name,
        " (is it built with EVENTWIRE_PLUGIN or eventwire_add_plugin?)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Stage>> LoadPlugin(const std::string& path,
                                                  const std::string& config) {
  // RTLD_LOCAL: two plugins may define the same internal names.
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("cannot load plugin '", path, "': ", dlerror()));
  }
  PluginApi api;
  absl::Status st = Resolve(library, path, EVENTWIRE_PLUGIN_SYMBOL_ABI_VERSION,
                            &api.abi_version);
  if (st.ok()) {
    const uint32_t version = api.abi_version();
    if (version != EVENTWIRE_PLUGIN_ABI_VERSION) {
      st = absl::FailedPreconditionError(absl::StrCat(
          "plugin '", path, "' was built for plugin ABI version ", version,
          "; this host implements version ", EVENTWIRE_PLUGIN_ABI_VERSION,
          ": rebuild the plugin against this eventwire SDK"));
    }
  }
  if (st.ok())
    st = Resolve(library, path, EVENTWIRE_PLUGIN_SYMBOL_CREATE, &api.create);
  if (st.ok())
    st =
        Resolve(library, path, EVENTWIRE_PLUGIN_SYMBOL_DESCRIBE, &api.describe);
  if (st.ok())
    st = Resolve(library, path, EVENTWIRE_PLUGIN_SYMBOL_PROCESS, &api.process);
  if (st.ok())
    st = Resolve(library, path, EVENTWIRE_PLUGIN_SYMBOL_FREE_BUFFER,
                 &api.free_buffer);
  if (st.ok())
    st = Resolve(library, path, EVENTWIRE_PLUGIN_SYMBOL_DESTROY, &api.destroy);
  if (!st.ok()) {
    dlclose(library);
    return st;
  }

  EventwireBuffer error{nullptr, 0};
  void* instance = api.create(config.data(), config.size(), &error);
  std::string message = Take(api, error);
  if (instance == nullptr) {
    dlclose(library);
    return absl::InvalidArgumentError(
        absl::StrCat("plugin '", path, "' refused its configuration: ",
                     message.empty() ? "no reason given" : message));
  }
  EventwireBuffer out{nullptr, 0};
  const int32_t code = api.describe(instance, &out);
  std::string bytes = Take(api, out);
  v1::StageDescription description;
  absl::Status described;
  if (code != 0) {
    described = absl::Status(
        CodeFrom(code),
        absl::StrCat("plugin '", path, "' failed to describe itself: ", bytes));
  } else if (!description.ParseFromString(bytes) ||
             description.name().empty()) {
    described = absl::InvalidArgumentError(absl::StrCat(
        "plugin '", path,
        "' described itself with no name or with bytes that are not an "
        "eventwire.v1.StageDescription"));
  }
  if (!described.ok()) {
    api.destroy(instance);
    dlclose(library);
    return described;
  }
  return std::make_unique<PluginStage>(path, library, api, instance,
                                       std::move(description));
}

absl::StatusOr<std::unique_ptr<Stage>> LoadPluginWithConfigFile(
    const std::string& path, const std::string& config_file) {
  std::string config;
  if (!config_file.empty()) {
    auto text = ReadFile(config_file, "plugin configuration");
    if (!text.ok()) return text.status();
    config = std::move(*text);
  }
  return LoadPlugin(path, config);
}

}  // namespace eventwire
