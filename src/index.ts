/**
 * laionet: the typed helpers behind the notebooks that reproduce Shirali & Hardt,
 * "What Makes ImageNet Look Unlike LAION". This is the public surface: the names a notebook or a user needs,
 * grouped by concept. Internals stay exported from their own files for src/, tests, bench/ and scripts/ only;
 * test/public-surface.test.ts lists every name here, so a change to the surface is a visible diff.
 * Heavy dependencies (transformers.js, onnxruntime, sharp, Chromium) load lazily inside the functions that need them.
 */

import { useEnvironmentContext } from './config/context.js'

// `import 'laionet'` reads the environment once (LAIONET_DATA_MIRROR, LAIONET_CACHE, LAIONET_OUT, ...) into the
// process's default context; nothing below src/config and src/cli reads the environment. Pass a context, or use
// withContext, to differ.
useEnvironmentContext()

// The run's context: data mirror, cache and output folders, model cache and hub, offline, fixtures, threads
export { currentContext, projectContext, withContext } from './util/context.js'
export { configContext, environmentContext } from './config/context.js'
export type { ContextFetch, LaionetContext } from './util/context.js'

// Tiers and errors: where every result comes from; one error family with a module prefix and a stable code
export { TIERS } from './tier.js'
export { formatTiers } from './config/describe-tiers.js'
export { LaionetError, isLaionetError, errorCode } from './util/errors.js'
export type { ErrorCode, LaionetErrorOptions } from './util/errors.js'
export type { Tier } from './tier.js'

// The ground floor: the output folder, the seeded generator, cosine similarity, HTML escaping
export { outDir } from './util/paths.js'
export { createRandom } from './util/random.js'
export { cosineSimilarity } from './util/vectors.js'
export { escapeHtml } from './util/escape-html.js'
export type { Random } from './util/random.js'

// Data files: fetched on first use from the manifest (network with checksum, or LAIONET_DATA_MIRROR)
export { dataPath, dataFolder, fetchData, verifyData } from './data/index.js'
export type { DataOptions, DataProgress, FetchLike, FetchReport, FetchStatus, Manifest, ManifestEntry, VerifyReport } from './data/index.js'

// Files: parquet row groups and npy arrays
export { parquetRowGroups } from './io/parquet-row-groups.js'
export { readNpy, writeNpy } from './io/npy.js'
export type { ByteSource, NpyArray, NpyData, NpyDtype, ParquetBatch, ParquetReadOptions } from './io/types.js'
export type { Shard } from './io/parquet-shard.js'

// Configuration: laionet.config.json, which sources each experiment uses and their tiers
export { loadConfig, configFile } from './config/load-config.js'
export { describeTiers } from './config/describe-tiers.js'
export type { DataSources, EmbeddingDataset, EmbeddingSource, ExperimentTier, LaionetConfig, Limits, ModelChoice } from './config/types.js'
export type { ExperimentName, SourceChoice } from './config/resolve-sources.js'
export type { LoadConfigOptions } from './config/load-config.js'

// WordNet 3.0 and the 1000 ImageNet classes
export { loadNounExceptions } from './wordnet/load-wordnet.js'
export { invertNounExceptions } from './laionet/plurals.js'
export { loadImageNetClasses, checkImageNetClasses } from './imagenet/load-classes.js'
export { classTable } from './imagenet/class-table.js'
export { synsetText } from './imagenet/synset-text.js'
export { lemmaStatistics, PAPER_EXCLUDED_WNIDS } from './imagenet/lemma-statistics.js'
export { PAPER_HUSKY_WNID } from './laionet/lemma-map.js'
export { loadDevkitSynsets, loadValidationLabels } from './imagenet/devkit.js'
export type { CheckedImageNetClasses, ClassDisagreement, ClassTableRow, DevkitOptions, DevkitSynset, ImageNetClass, LemmaStatistics, LemmaStatisticsOptions, LoadImageNetClassesOptions, SharedLemma } from './imagenet/types.js'

// LAIONet: lemmas, caption matching, the text filter, the resumable build
export { buildLemmaMap, lemmaMapJson } from './laionet/lemma-map.js'
export { loadLemmaMap } from './laionet/load-lemma-map.js'
export { createLemmaMatcher } from './laionet/lemma-matcher.js'
export { matchCaptions, lemmaCounts, classCounts } from './laionet/match-stats.js'
export { matchParquetFiles } from './laionet/match-parquet.js'
export { alwaysMultiClass } from './laionet/lemma-overlaps.js'
export { lemmaOptionEffects } from './laionet/option-effects.js'
export { PAPER_THRESHOLD } from './laionet/text-filter.js'
export { selectByThreshold, selectTopK, thresholdSweep, defaultThresholds, classFrequencies } from './laionet/selection.js'
export { buildLaionet } from './laionet/build.js'
export { readBuild } from './laionet/read-build.js'
export { clipTextEmbedder } from './laionet/clip-text-embedder.js'
export { paperNameInText, classNamesInText } from './laionet/ocr.js'
export type { AutomatonOptions, AutomatonPattern } from './laionet/LemmaAutomaton.js'
export type { BuildCandidate } from './laionet/read-build.js'
export type { BuildOptions } from './laionet/build.js'
export type { BuildSummary } from './laionet/build-outputs.js'
export type { CaptionMatch, ClassLemmas, ExtendedOptions, LemmaEntry, LemmaMap, LemmaMapOptions, LemmaMode, LemmaSource, MatchRecord } from './laionet/types.js'
export type { ClassFrequency, ScoredCaption, SweepPoint, TopKOptions } from './laionet/selection.js'
export type { FileMatches, MatchParquetOptions, MatchProgress } from './laionet/match-parquet.js'
export type { LemmaMatcher } from './laionet/lemma-matcher.js'
export type { LemmaOverlaps } from './laionet/lemma-overlaps.js'
export type { OcrRule } from './laionet/ocr.js'
export type { OptionEffect } from './laionet/option-effects.js'
export type { TextEmbedder } from './laionet/text-filter.js'

// Models: CLIP, ImageNet classifiers, images (transformers.js or raw ONNX, loaded lazily)
export { loadClip } from './models/clip.js'
export { embedTexts } from './models/embed-texts.js'
export { embedImages } from './models/embed-images.js'
export { loadClassifier } from './models/load-classifier.js'
export { classifyImages } from './models/classify-images.js'
export { zeroShotClassifier, PAPER_ZERO_SHOT } from './models/zero-shot-classifier.js'
export { listImageFiles } from './models/image-files.js'
export { wnidFromFileName } from './models/evaluate.js'
export { compareClipGoldens, compareReleasedImageEmbeddings } from './models/golden-check.js'
export { clipTier, resolveClip } from './config/resolve-clip.js'
export { checkClipWeights, CLIP_FINGERPRINT_MIN_COSINE } from './models/clip-fingerprint.js'
export type { ClipResolution } from './config/resolve-clip.js'
export type { ClipWeightsCheck } from './models/clip-fingerprint.js'
export { fixturesDir, fixtureModelDir } from './models/fixtures-dir.js'
export type { ClassEntry, ClassScore, Classification, Classifier, ClassifyOptions, DecodeImageOptions, DecodedImage, EmbedOptions, Embeddings, ImageBatchOptions, ImageConversion, ImageEmbeddings, ImageError, LoadClassifierOptions, LoadModelOptions, ModelSource, OnnxPreprocess, Prediction } from './models/types.js'
export type { Clip, ClipDevice, ClipOptions } from './models/clip.js'
export type { ImageGoldenRow, TextGoldenRow } from './models/golden-check.js'
export type { PredictionScore } from './models/evaluate.js'
export type { ZeroShotOptions } from './models/zero-shot-classifier.js'

// Statistics: equi-weighted accuracy, intra-class similarity, the paper's test and a corrected one
export { scorePredictions } from './models/evaluate.js'
export { weightedAccuracy, equiWeightedAccuracy } from './metrics/accuracy.js'
export { standInClassWeights } from './metrics/stand-in-weights.js'
export { paperAccuracyRows, imageNetSideRows } from './metrics/accuracy-rows.js'
export { paperValidationAccuracy } from './metrics/paper-val.js'
export { loadImageNetV2Accuracy } from './metrics/imagenetv2-load.js'
export { IMAGENETV2_SETS } from './metrics/imagenetv2.js'
export { intraClassStats } from './metrics/intra-class.js'
export { compareIntraClass } from './metrics/compare.js'
export type { AccuracyEstimate, AccuracyOptions, ClassComparison, ClassRecall, ClassWeights, CompareOptions, ImageNetV2Accuracy, ImageNetV2Options, IntraClassComparison, IntraClassOptions, IntraClassStats, LabelMismatch, Matrix, ModelAccuracy, PaperValidationAccuracy, PaperValidationOptions, RecallTable, TestResult, TestSummary, Verdict } from './metrics/types.js'
export type { AccuracyTableRow, ImageNetSideAccuracy } from './metrics/accuracy-rows.js'
export type { StatsByClass } from './metrics/compare.js'

// The paper: its quoted numbers and the authors' released labels
export { PAPER_ACCURACY } from './paper/accuracy.js'
export { PAPER_CONSTRUCTION } from './paper/construction.js'
export { paperValue, paperQuote, paperQuotes, paperShare, paperCitation } from './paper/registry.js'
export { summarizeReleasedLabels, loadReleasedLabels, evaluatedClasses } from './paper/released-labels.js'
export type { PaperModelGroup } from './paper/accuracy.js'
export type { PaperQuote, PaperSource, PaperUnit, PaperVersion } from './paper/types.js'
export type { PaperValueId } from './paper/registry.js'
export type { ReleasedEncoder, ReleasedLabelsSummary } from './paper/released-labels.js'

// The simulated world: a causal model of classes, images and captions, and every experiment in it
export { createWorld } from './simulate/world.js'
export { selectTextOnly, selectImageAware } from './simulate/selection.js'
export { simulateStudy } from './simulate/study.js'
export { cachedStudy } from './simulate/study-cache.js'
export { simulationReport, runSimulation } from './simulate/report.js'
export { sweepDial } from './simulate/sweep.js'
export { exampleCaptions } from './simulate/captions.js'
export { crossModalDifficulty } from './simulate/cross-modal.js'
export { selectByImageNetTexts } from './simulate/imagenet-text-selection.js'
export { simulatedCandidates, simulatedCaptionItems, simulatedFirstN, simulatedPooling, simulatedFig7Panels, simulatedFig9Sweep, simulatedAppF, simulatedLabelNoiseCheck, simulatedPrefilterStrata } from './simulate/authors-analyses.js'
export type { CentroidClassifier } from './simulate/classifier.js'
export type { ComparisonShares, Fig7PanelRow, Fig9SweepRow, LabelNoiseCheck, PrefilterStratum } from './simulate/authors-analyses.js'
export type { CreateWorldOptions } from './simulate/world.js'
export type { CrossModalResult, CrossModalSide } from './simulate/cross-modal.js'
export type { DatasetSummary, SimulationReport, TestShares } from './simulate/report.js'
export type { DialPoint, ScalarDial } from './simulate/sweep.js'
export type { FrontierSelection, Selection, SimulationConfig, World } from './simulate/types.js'
export type { ImageAwareOptions, TextOnlyOptions } from './simulate/selection.js'
export type { ImageNetTextSelection, ImageNetTextSelectionOptions } from './simulate/imagenet-text-selection.js'
export type { MeasuredSelection, SimulationStudy, StudyOptions } from './simulate/study.js'
export type { TextSynsetResult } from './simulate/text-synset.js'

// Full scale: the image downloader and dataset folders
export { downloadImages } from './download/download-images.js'
export { imageNetValFolder } from './datasets/imagenet-val-folder.js'
export { imageNetV2Folders } from './datasets/imagenetv2-folders.js'
export { laionParts } from './datasets/laion-parts.js'
export { loadReleasedLaionet } from './datasets/released-laionet.js'
export { loadImageNetCaptions } from './datasets/imagenet-captions.js'
export type { DownloadOptions, DownloadProgress, DownloadSummary, FetchImageOptions, ImageOptions, Resolver } from './download/types.js'
export type { ImageNetCaption, ImageNetCaptionsOptions, ImageNetV2FolderOptions, ImageNetValFolderOptions, LabelledImage, LaionPartFile, LaionPartsOptions, ReleasedLaionet, ReleasedLaionetBatch, ReleasedLaionetOptions } from './datasets/types.js'

// Experiments: one function per notebook step (config, data, tiers), as the notebooks and `npm run reproduce` run them
export { sampleBuild, textFilterTier } from './experiments/text-filter-model.js'
export { intraClassSource, compareSource } from './experiments/intra-class-source.js'
export { runExperiment } from './experiments/run.js'
export { runClaims } from './experiments/run-claims.js'
export { recorder } from './experiments/common.js'
export type { RecordOptions } from './experiments/common.js'
export { scoreboard, verdictCounts, verdictSummary } from './claims/scoreboard.js'
export { judgeClaim } from './claims/verdict.js'
export { CLAIM_RULES } from './paper/claim-rules.js'
export type { ClaimEntry, Verdict as ClaimVerdict } from './claims/types.js'
export { asPercent, formatShare, formatValue as formatNumber, roundTo } from './util/format.js'
export { recordById, tableHtml, sourcesHtml } from './experiments/present.js'
export type { CompareSourceOptions, IntraClassSource, IntraClassSourceOptions, LabelledSet } from './experiments/intra-class-source.js'
export type { ExperimentContext, ExperimentRecord, ExperimentResult, ExperimentTable } from './experiments/types.js'
export type { SampleBuild, TextFilterModelOptions } from './experiments/text-filter-model.js'

// Figures: one builder per figure of the paper, the tables they take, display and static render
export { fig1Accuracy } from './plots/figures/fig1-accuracy.js'
export { fig1ImageNetSide } from './plots/figures/fig1-imagenet-side.js'
export { fig2CausalGraphs } from './plots/figures/fig2-causal-graphs.js'
export { fig3Threshold } from './plots/figures/fig3-threshold.js'
export { fig4ClassFrequency } from './plots/figures/fig4-class-frequency.js'
export { fig5LaionWeighted } from './plots/figures/fig5-laion-weighted.js'
export { fig6IntraClass } from './plots/figures/fig6-intra-class.js'
export { fig7Accuracy, fig7ImageNetV2 } from './plots/figures/fig7-imagenetv2.js'
export { fig7Panels } from './plots/figures/fig7-panels.js'
export { fig8TextSynset } from './plots/figures/fig8-text-synset.js'
export { fig9ImageNetTextSelection } from './plots/figures/fig9-imagenet-text-selection.js'
export { frontier42 } from './plots/figures/frontier-4-2.js'
export { appDCrossModal } from './plots/figures/app-d-cross-modal.js'
export { appF } from './plots/figures/app-f.js'
export { dialFigure, dialSliderFigure, lineFigure } from './plots/figures/dial-sweep.js'
export { examplesGrid, examplesGridHtml, imageNetSampleItems } from './plots/figures/examples-grid.js'
export { lemmasPerClassFigure } from './plots/figures/lemmas-per-class.js'
export { comparisonSeries } from './plots/inputs/comparison-series.js'
export { simulatedAccuracyInput, simulatedIntraClassInput, simulatedSelectionFrequencyInput, simulatedTextSynsetInput, simulatedFrontierInput, simulatedTextSelectionInput, simulatedCrossModalInput } from './plots/inputs/simulated.js'
export { simulatedDialFrames } from './plots/inputs/dial-frames.js'
export { showFigure } from './plots/show-figure.js'
export { renderFigures } from './plots/render.js'
export type { AccuracyRow, AppDCrossModalInput, AppFInput, ClassDifferenceRow, ClassDifferenceSeries, ClassFrequencyRow, DialSweepPoint, DropGapRow, Fig1AccuracyInput, Fig1ImageNetSideInput, Fig3ThresholdInput, Fig4ClassFrequencyInput, Fig5LaionWeightedInput, Fig6IntraClassInput, Fig7AccuracyInput, Fig7ImageNetV2Input, Fig8TextSynsetInput, Fig9Input, FigureOptions, FrontierInput, FrontierPoint, HistogramSeries, ImageNetSideRow, LineFigureOptions, LineSeries, PlotlyFigure, PlotlyLayout, PlotlyTrace, RecallFrequencyRow, SelectionAccuracyRow, SelectionFrequencyRow, ShowFigureOptions, ThresholdRow, TieredInput, WeightedAccuracyRow } from './plots/types.js'
export type { ClassNames } from './plots/inputs/comparison-series.js'
export type { DialFrame, DialSliderOptions } from './plots/figures/dial-sweep.js'
export type { ExampleGridClass, ExampleItem } from './plots/figures/examples-grid.js'
export type { Fig7PanelVersion, Fig7PanelsInput, LowerHigher } from './plots/figures/fig7-panels.js'
export type { RenderOptions, RenderedFigure } from './plots/render.js'
export type { SimulatedAccuracyRow } from './plots/inputs/simulated.js'

// The report: reproduced numbers beside the paper's, per notebook
export { recordResults, readResults } from './report/record-results.js'
export type { ResultRecord } from './report/types.js'
