#pragma once
// Turns a model file's bytes into a ready-to-prepare Model. The format is detected from the
// content, never from the file name. Throws ModelError with a message a guitarist can act on.
#include "LoadOptions.h"
#include "Model.h"
#include "ModelError.h"
#include <memory>
#include <string>

namespace waveamp {

class ModelLoader {
public:
    static std::unique_ptr<Model> loadFile(const std::string& path, const LoadOptions& options = {});
    // sourceName is only used in error messages (a file name, "embedded default model", ...).
    static std::unique_ptr<Model> loadString(const std::string& text,
                                             const std::string& sourceName = "model",
                                             const LoadOptions& options = {});
};

} // namespace waveamp
