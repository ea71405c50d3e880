namespace Crisp.Config;

// Checks of the [crio], [crio.api], [crio.image], [crio.network] and telemetry tables.
public sealed partial class ConfigValidator
{
    private static readonly string[] _imageVolumes = ["mkdir", "bind", "ignore"];
    private static readonly string[] _shortNameModes = ["", "enforcing", "disabled"];
    private static readonly string[] _storageDrivers = ["overlay", "vfs"];
    private static readonly string[] _podMetrics = ["cpu", "hugetlb", "memory", "network", "oom", "process", "spec", "disk", "diskIO", "pressure"];

    private static void CheckRoot(RootConfig root, IssueCollector issues)
    {
        RequireAbsolute(issues, "crio.root", root.Root);
        RequireAbsolute(issues, "crio.runroot", root.RunRoot);
        RequireAbsolute(issues, "crio.log_dir", root.LogDir);
        OptionalAbsolute(issues, "crio.imagestore", root.ImageStore);
        OptionalAbsolute(issues, "crio.version_file", root.VersionFile);
        OptionalAbsolute(issues, "crio.version_file_persist", root.VersionFilePersist);
        OptionalAbsolute(issues, "crio.clean_shutdown_file", root.CleanShutdownFile);
        if (!_storageDrivers.Contains(root.StorageDriver))
        {
            issues.Error("crio.storage_driver", $"unsupported storage driver \"{root.StorageDriver}\"; crisp supports {Join(_storageDrivers)}");
        }
    }

    private void CheckApi(ApiConfig api, IssueCollector issues)
    {
        RequireAbsolute(issues, "crio.api.listen", api.Listen);
        if (!ValueFormats.IsPort(api.StreamPort))
        {
            issues.Error("crio.api.stream_port", $"\"{api.StreamPort}\" is not a port number (0-65535)");
        }

        if (api.StreamIdleTimeout.Length > 0 && !GoDuration.TryParse(api.StreamIdleTimeout, out _, out var error))
        {
            issues.Error("crio.api.stream_idle_timeout", error);
        }

        if (api.StreamEnableTls)
        {
            RequireFile(issues, "crio.api.stream_tls_cert", api.StreamTlsCert, "stream_enable_tls needs a certificate");
            RequireFile(issues, "crio.api.stream_tls_key", api.StreamTlsKey, "stream_enable_tls needs a private key");
            if (api.StreamTlsCa.Length > 0 && !_files.FileExists(api.StreamTlsCa))
            {
                issues.Error("crio.api.stream_tls_ca", $"file \"{api.StreamTlsCa}\" does not exist");
            }
        }

        if (api.GrpcMaxSendMsgSize <= 0)
        {
            issues.Warn("crio.api.grpc_max_send_msg_size", $"not positive; using {ApiConfig.DefaultGrpcMaxMsgSize}");
        }

        if (api.GrpcMaxRecvMsgSize <= 0)
        {
            issues.Warn("crio.api.grpc_max_recv_msg_size", $"not positive; using {ApiConfig.DefaultGrpcMaxMsgSize}");
        }
    }

    private void CheckImage(ImageConfig image, IssueCollector issues)
    {
        if (!_imageVolumes.Contains(image.ImageVolumes))
        {
            issues.Error("crio.image.image_volumes", $"invalid image_volumes \"{image.ImageVolumes}\"; expected {Join(_imageVolumes)}");
        }

        if (!_shortNameModes.Contains(image.ShortNameMode))
        {
            issues.Error("crio.image.short_name_mode", $"invalid short_name_mode \"{image.ShortNameMode}\"; expected \"enforcing\" or \"disabled\"");
        }

        if (image.PauseImage.Trim().Length == 0)
        {
            issues.Error("crio.image.pause_image", "the pause image must be set");
        }

        if (image.PauseCommand.Trim().Length == 0)
        {
            issues.Error("crio.image.pause_command", "the pause command must be set");
        }

        RequireAbsolute(issues, "crio.image.signature_policy_dir", image.SignaturePolicyDir);
        if (image.PullProgressTimeout < TimeSpan.Zero)
        {
            issues.Error("crio.image.pull_progress_timeout", "must not be negative");
        }

        if (image.PauseImageAuthFile.Length > 0 && !_files.FileExists(image.PauseImageAuthFile))
        {
            issues.Warn("crio.image.pause_image_auth_file", $"file \"{image.PauseImageAuthFile}\" does not exist");
        }
    }

    private static void CheckNetwork(NetworkConfig network, IssueCollector issues)
    {
        RequireAbsolute(issues, "crio.network.network_dir", network.NetworkDir);
        EachItem(issues, "crio.network.plugin_dirs", network.PluginDirs, v => Path.IsPathFullyQualified(v) ? null : $"\"{v}\" is not an absolute path");
    }

    private static void CheckTelemetry(CrispConfig config, IssueCollector issues)
    {
        var metrics = config.Metrics;
        if (metrics.MetricsPort is < 0 or > 65535)
        {
            issues.Error("crio.metrics.metrics_port", $"{metrics.MetricsPort} is not a port number (0-65535)");
        }

        if ((metrics.MetricsCert.Length > 0) != (metrics.MetricsKey.Length > 0))
        {
            issues.Error(metrics.MetricsCert.Length > 0 ? "crio.metrics.metrics_key" : "crio.metrics.metrics_cert", "metrics_cert and metrics_key must be set together");
        }

        if (config.Tracing.TracingSamplingRatePerMillion is < 0 or > 1_000_000)
        {
            issues.Error("crio.tracing.tracing_sampling_rate_per_million", "must be between 0 and 1000000");
        }

        var stats = config.Stats;
        if (stats.StatsCollectionPeriod < 0)
        {
            issues.Error("crio.stats.stats_collection_period", "must not be negative");
        }

        if (stats.CollectionPeriod < 0)
        {
            issues.Error("crio.stats.collection_period", "must not be negative");
        }

        var metricsList = stats.IncludedPodMetrics;
        if (metricsList.Contains("all") && metricsList.Count > 1)
        {
            issues.Error("crio.stats.included_pod_metrics", "\"all\" must be the only entry");
        }

        EachItem(issues, "crio.stats.included_pod_metrics", metricsList, v => v == "all" || _podMetrics.Contains(v) ? null : $"unknown pod metric \"{v}\"");

        if (config.Nri.PluginRegistrationTimeout < TimeSpan.Zero || config.Nri.PluginRequestTimeout < TimeSpan.Zero)
        {
            issues.Error("crio.nri", "NRI timeouts must not be negative");
        }
    }
}
