#pragma once
// The model used when no --model is given. The definitions are generated at build time from
// Resources/models/ (see WAVEAMP_DEFAULT_MODEL_CPP in CMakeLists.txt).
//
// Note for the generator: namespace-scope `const` objects have internal linkage unless
// declared extern, so the generated .cpp must #include this header (or spell `extern` on
// the definitions) for the linker to find them.

namespace waveamp {
extern const char* const kDefaultModelJson;  // the model file's full text
extern const char* const kDefaultModelName;  // shown in messages, e.g. its file name
} // namespace waveamp
