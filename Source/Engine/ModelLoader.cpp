#include "ModelLoader.h"
#include "KerasLoader.h"
#include "Limits.h"
#include "NamLoader.h"
#include "WaveNetVALoader.h"
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace waveamp {
namespace {

using Json = nlohmann::json;

// Python's json module writes NaN/Infinity literals, which are not JSON; say what they mean.
bool hasNonFiniteLiteral(const std::string& text, size_t at)
{
    const size_t from = at > 16 ? at - 16 : 0;
    const std::string around = text.substr(from, 32);
    return around.find("NaN") != std::string::npos || around.find("Infinity") != std::string::npos;
}

Json parse(const std::string& text, const std::string& source)
{
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw ModelError(ModelErrorKind::Syntax, source + " is not valid JSON: the file is empty"
                             + (text.empty() ? std::string() : " (only whitespace)"));
    try {
        return Json::parse(text);
    } catch (const Json::out_of_range& e) {
        // nlohmann throws out_of_range (406), not parse_error, for a number literal beyond double.
        std::string detail = e.what();
        const auto pos = detail.find("number overflow");
        if (pos != std::string::npos) detail = detail.substr(pos);
        throw ModelError(ModelErrorKind::NonFinite, source + " contains a number too large to represent ("
                             + detail + "); the model's training diverged or the file is corrupt");
    } catch (const Json::parse_error& e) {
        // nlohmann's message already carries "at line L, column C".
        std::string detail = e.what();
        const auto pos = detail.find("parse error");
        if (pos != std::string::npos) detail = detail.substr(pos);
        if (hasNonFiniteLiteral(text, e.byte))
            throw ModelError(ModelErrorKind::NonFinite, source + " contains NaN or Infinity weights (" + detail
                                 + "); the model's training diverged or the file is corrupt");
        throw ModelError(ModelErrorKind::Syntax, source + " is not valid JSON: " + detail);
    } catch (const Json::exception& e) {
        throw ModelError(ModelErrorKind::Syntax, source + " is not valid JSON: " + e.what());
    }
}

std::string keysOf(const Json& d)
{
    if (!d.is_object()) return std::string("a JSON ") + d.type_name() + " at the top level";
    std::string keys;
    int count = 0;
    for (auto it = d.begin(); it != d.end() && count < 8; ++it, ++count)
        keys += (keys.empty() ? "" : ", ") + it.key();
    return keys.empty() ? "an empty object" : "top-level keys: " + keys;
}

std::unique_ptr<Model> dispatch(const Json& d, const std::string& source, const LoadOptions& options)
{
    if (looksLikeNam(d)) return loadNam(d, options);
    if (looksLikeWaveNetVA(d)) return loadWaveNetVA(d);
    if (looksLikeKeras(d)) return loadKeras(d);
    if (d.is_object() && d.contains("model_data") && d.contains("state_dict"))
        throw ModelError(ModelErrorKind::Unsupported, source + " is a GuitarML/Proteus PyTorch-state model; "
                             "those are not supported yet (WaveAmp plays WaveNetVA JSON, NAM and Keras-style AIDA-X/RTNeural files)");
    // A .nam file missing "config" or "weights": let the NAM loader name the missing field.
    if (d.is_object() && d.contains("architecture") && (d.contains("config") || d.contains("weights")))
        return loadNam(d, options);
    if (d.is_object() && d.contains("architecture"))
        throw ModelError(ModelErrorKind::Unsupported, source + " looks like a NAM file but lacks \"config\" or \"weights\"");
    throw ModelError(ModelErrorKind::UnknownFormat, source + " is not a model WaveAmp recognises (found " + keysOf(d)
                         + "); expected a WaveNetVA/PedalNet/SmartGuitarPedal JSON or a .nam file");
}

} // namespace

std::unique_ptr<Model> ModelLoader::loadString(const std::string& text, const std::string& sourceName,
                                               const LoadOptions& options)
{
    if (text.size() > limits::kMaxFileBytes)
        throw ModelError(ModelErrorKind::LimitExceeded, sourceName + " is " + std::to_string(text.size() >> 20)
                             + " MiB; model files over " + std::to_string(limits::kMaxFileBytes >> 20) + " MiB are refused");
    const Json d = parse(text, sourceName);
    try {
        return dispatch(d, sourceName, options);
    } catch (const ModelError& e) {
        const std::string message = e.what();
        if (message.rfind(sourceName, 0) == 0) throw;
        throw ModelError(e.kind(), sourceName + ": " + message);
    }
}

std::unique_ptr<Model> ModelLoader::loadFile(const std::string& path, const LoadOptions& options)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw ModelError(ModelErrorKind::Io, "cannot read " + path + ": it is a folder, not a model file");
    std::ifstream file(path, std::ios::binary | std::ios::ate);
    if (!file)
        throw ModelError(ModelErrorKind::Io, "cannot open " + path + " (missing file or no permission)");
    const auto size = static_cast<std::streamoff>(file.tellg());
    if (size < 0)
        throw ModelError(ModelErrorKind::Io, "cannot read " + path + " (is it a folder?)");
    if (static_cast<unsigned long long>(size) > limits::kMaxFileBytes)
        throw ModelError(ModelErrorKind::LimitExceeded, path + " is " + std::to_string(size >> 20)
                             + " MiB; model files over " + std::to_string(limits::kMaxFileBytes >> 20) + " MiB are refused");
    std::string text(static_cast<size_t>(size), '\0');
    file.seekg(0);
    if (!file.read(text.data(), size))
        throw ModelError(ModelErrorKind::Io, "cannot read " + path);
    const auto slash = path.find_last_of("/\\");
    return loadString(text, slash == std::string::npos ? path : path.substr(slash + 1), options);
}

} // namespace waveamp
