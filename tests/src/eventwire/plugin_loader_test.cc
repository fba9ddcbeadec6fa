#include "eventwire/plugin_loader.h"

#include <gtest/gtest.h>

namespace eventwire {
namespace {

v1::Document Doc(const std::string& id, const std::string& text) {
  v1::Document d;
  d.set_id(id);
  d.set_text(text);
  d.add_provided(capability::kText);
  return d;
}

TEST(PluginLoader, LoadsAPluginAndRunsIt) {
  auto stage = LoadPlugin(EW_FAULTY_PLUGIN, "");
  ASSERT_TRUE(stage.ok()) << stage.status();
  EXPECT_EQ((*stage)->Describe().name(), "faulty");
  EXPECT_EQ((*stage)->Describe().api_version(), kStageApiVersion);
  v1::Document doc = Doc("d1", "A quiet day in the capital.");
  ASSERT_TRUE(RunStage(**stage, doc).ok());
  EXPECT_EQ(doc.text(), "A quiet day in the capital.");
  ASSERT_EQ(doc.trace_size(), 1);
  EXPECT_EQ(doc.trace(0).stage(), "faulty");
}

TEST(PluginLoader, RefusesAnotherAbiVersionSayingWhatToDo) {
  auto stage = LoadPlugin(EW_FAULTY_PLUGIN_V99, "");
  ASSERT_FALSE(stage.ok());
  EXPECT_EQ(stage.status().code(), absl::StatusCode::kFailedPrecondition);
  const std::string message(stage.status().message());
  EXPECT_NE(message.find("ABI version 99"), std::string::npos) << message;
  EXPECT_NE(message.find("implements version 1"), std::string::npos);
  EXPECT_NE(message.find("rebuild"), std::string::npos);
}

TEST(PluginLoader, NamesTheLibraryWhenItIsMissingOrNoPlugin) {
  auto missing = LoadPlugin("/nonexistent/plugin.so", "");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/plugin.so"),
            std::string::npos);
  auto not_plugin = LoadPlugin(EW_SDK_LIBRARY, "");
  ASSERT_FALSE(not_plugin.ok());
  EXPECT_NE(not_plugin.status().message().find("eventwire_plugin_abi_version"),
            std::string::npos)
      << not_plugin.status();
}

TEST(PluginLoader, APluginMayRefuseItsConfiguration) {
  auto stage = LoadPlugin(EW_FAULTY_PLUGIN, "refuse");
  ASSERT_FALSE(stage.ok());
  EXPECT_NE(stage.status().message().find("configuration says refuse"),
            std::string::npos)
      << stage.status();
}

TEST(PluginLoader, GarbageFromAPluginIsAnErrorNamingStageAndDocument) {
  auto stage = LoadPlugin(EW_FAULTY_PLUGIN, "");
  ASSERT_TRUE(stage.ok()) << stage.status();
  struct Case {
    const char* marker;
    const char* expected;
  };
  for (const Case& c :
       {Case{"EW-FAULT:bytes", "not an eventwire.v1.Document"},
        Case{"EW-FAULT:spans", "mentions[0] lies outside the text"},
        Case{"EW-FAULT:error", "this document is marked to fail"}}) {
    v1::Document doc = Doc(std::string("doc-") + c.marker,
                           std::string("Text with ") + c.marker + " inside.");
    absl::Status st = RunStage(**stage, doc);
    ASSERT_FALSE(st.ok()) << c.marker;
    const std::string message(st.message());
    EXPECT_NE(message.find("stage 'faulty' failed on document 'doc-" +
                           std::string(c.marker) + "'"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace eventwire
