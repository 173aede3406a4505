/**
 * laionet: the typed helpers behind the notebooks that reproduce Shirali & Hardt,
 * "What Makes ImageNet Look Unlike LAION". Every public name is listed here, grouped by ingredient.
 * Heavy dependencies (transformers.js, onnxruntime, Chromium) load lazily inside the functions that need them.
 */

// tiers: where every result comes from
export { TIERS } from './tier.js'
export type { Tier } from './tier.js'

// report: reproduced numbers, where they are written, HTML escaping
export { escapeHtml } from './report/escape-html.js'
export { outDir, projectRoot } from './report/out-dir.js'
export { recordResults, readResults, resultsFile } from './report/record-results.js'
export { reportMarkdown, formatValue } from './report/report-markdown.js'
export type { ResultRecord, NotebookStatus } from './report/types.js'

// io: parquet, npy, jsonl, tar
export { parquetMetadata } from './io/parquet-metadata.js'
export { parquetRowGroups, parquetRows } from './io/parquet-row-groups.js'
export { parseNpy, readNpy, encodeNpy, writeNpy, npyNumbers } from './io/npy.js'
export { float16ToNumber, numberToFloat16 } from './io/float16.js'
export { readJsonl, writeJsonl } from './io/jsonl.js'
export { openJsonlAppender } from './io/jsonl-appender.js'
export type { ByteSource, JsonlAppender, JsonlAppenderOptions, NpyArray, NpyData, NpyDtype, ParquetBatch, ParquetColumn, ParquetInfo, ParquetReadOptions, ParquetRowGroupInfo, ReadJsonlOptions } from './io/types.js'

// data: manifest, fetch, cache, mirror
export { cacheDir } from './data/cache-dir.js'
export { dataPath, dataFolder, fetchData, verifyData, loadManifest, parseManifest, manifestFile, sha256File } from './data/index.js'
export type { DataOptions, DataProgress, FetchLike, FetchReport, FetchStatus, Manifest, ManifestEntry, VerifyReport } from './data/index.js'

// wordnet
export { loadWordNet, loadSynsets, getSynset, hypernymClosure, loadExceptions, loadNounExceptions } from './wordnet/load-wordnet.js'
export { parseWordNetData, parseSynsetLine, splitGloss } from './wordnet/parse-wordnet.js'
export { parseWordNetIndex, parseExceptions } from './wordnet/parse-index.js'
export { extractWordNet, WORDNET_30_SHA256 } from './wordnet/extract-wndb.js'
export type { Synset, WordNet, WordNetPointer, LoadWordNetOptions, ExtractWordNetOptions, ExceptionPos } from './wordnet/types.js'

// imagenet
export { loadImageNetClasses, checkImageNetClasses, buildImageNetClasses } from './imagenet/load-classes.js'
export { classTable } from './imagenet/class-table.js'
export { lemmasPerClassFigure } from './imagenet/lemma-figure.js'
export { parseClassInfo, compareClassInfo, compareDevkit } from './imagenet/class-info.js'
export { synsetText } from './imagenet/synset-text.js'
export { lemmaStatistics, PAPER_EXCLUDED_WNIDS } from './imagenet/lemma-statistics.js'
export { loadDevkitSynsets, parseDevkitSynsets, loadValidationLabels, parseValidationGroundTruth } from './imagenet/devkit.js'
export { parseMat5, readMat5 } from './imagenet/mat5.js'
export type { MatFile, MatValue, MatNumeric, MatChar, MatCell, MatStruct, MatNumericClass } from './imagenet/mat5-types.js'
export type {
  ImageNetClass, ClassInfoEntry, ClassDisagreement, LoadImageNetClassesOptions, DevkitSynset, DevkitOptions,
  SharedLemma, LemmaStatistics, LemmaStatisticsOptions, CheckedImageNetClasses, ClassTableRow, LemmaFigure,
} from './imagenet/types.js'

// laionet: lemmas, matching, filter, build
export { normalizeCaption, normalizeLemma, ASCII_PUNCTUATION } from './laionet/normalize.js'
export { LemmaAutomaton } from './laionet/LemmaAutomaton.js'
export type { AutomatonPattern, AutomatonOptions } from './laionet/LemmaAutomaton.js'
export { buildLemmaMap, lemmaMapJson, PAPER_HUSKY_WNID } from './laionet/lemma-map.js'
export { loadLemmaMap } from './laionet/load-lemma-map.js'
export { regularPlural, pluralForms, invertNounExceptions } from './laionet/plurals.js'
export { createLemmaMatcher, matchCaptionPerLemma } from './laionet/lemma-matcher.js'
export type { LemmaMatcher } from './laionet/lemma-matcher.js'
export { synsetTexts } from './laionet/synset-texts.js'
export { matchParquetFiles } from './laionet/match-parquet.js'
export type { MatchParquetOptions, MatchProgress, FileMatches } from './laionet/match-parquet.js'
export { matchCaptionFiles } from './laionet/match-files.js'
export type { MatchFilesOptions, MatchSummary } from './laionet/match-files.js'
export { openMatchWriter } from './laionet/write-matches.js'
export type { MatchFormat, MatchWriter } from './laionet/write-matches.js'
export { rowBase, laionPart } from './laionet/match-row-group.js'
export { resolveClass, scoreCaption, dot, PAPER_THRESHOLD } from './laionet/text-filter.js'
export type { TextEmbedder, ClassResolution } from './laionet/text-filter.js'
export { selectByThreshold, selectTopK, thresholdSweep, defaultThresholds, classFrequencies } from './laionet/selection.js'
export type { ScoredCaption, SweepPoint, ClassFrequency } from './laionet/selection.js'
export { buildLaionet } from './laionet/build.js'
export type { BuildOptions } from './laionet/build.js'
export type { BuildSummary } from './laionet/build-outputs.js'
export { readBuild } from './laionet/read-build.js'
export type { BuildCandidate } from './laionet/read-build.js'
export { clipTextEmbedder } from './laionet/clip-text-embedder.js'
export { ocrImage, textInImage, flagTextInImages } from './laionet/ocr.js'
export { filterTextInImages, readBuildSelection } from './laionet/ocr-filter.js'
export { matchCaptions, lemmaCounts, classCounts } from './laionet/match-stats.js'
export { lemmaOptionEffects } from './laionet/option-effects.js'
export { alwaysMultiClass } from './laionet/lemma-overlaps.js'
export type { LemmaOverlaps } from './laionet/lemma-overlaps.js'
export { loadTextFilterModel, textFilterTier, sampleBuild, PAPER_CLIP } from './laionet/sample-build.js'
export type { TextFilterModel, TextFilterModelOptions, SampleBuild } from './laionet/sample-build.js'
export { PAPER_CONSTRUCTION } from './paper/construction.js'
export type { OptionEffect } from './laionet/option-effects.js'
export type { OcrOptions, TextInImageFlag } from './laionet/ocr.js'
export type {
  LemmaMode, ClassLemmas, LemmaSource, LemmaEntry, ExtendedOptions, LemmaMapOptions, LemmaMap, CaptionMatch, MatchRecord,
  OcrFilterSample, OcrFilterRow, OcrFilterProgress, OcrFilterOptions,
} from './laionet/types.js'

// models: clip, classifiers, images
export { loadClip, CLIP_MAX_TOKENS, MISSING_TEXT } from './models/clip.js'
export type { Clip } from './models/clip.js'
export { embedTexts, embeddingCacheDir } from './models/embed-texts.js'
export { embedImages } from './models/embed-images.js'
export { decodeImage, IMAGE_FORMATS, DEFAULT_MAX_PIXELS } from './models/decode-image.js'
export { resolveModelSource, modelCacheDir } from './models/model-source.js'
export { cosineSimilarity, normalizeRows, topIndices } from './models/vectors.js'
export { loadClassifier } from './models/load-classifier.js'
export { classifyImages } from './models/classify-images.js'
export { zeroShotClassifier } from './models/zero-shot-classifier.js'
export type { ZeroShotOptions } from './models/zero-shot-classifier.js'
export { IMAGENET_PREPROCESS } from './models/onnx-classifier.js'
export { mapLabelsToClasses } from './models/label-map.js'
export type { LabelMap } from './models/label-map.js'
export { scorePredictions, wnidFromFileName } from './models/evaluate.js'
export type { PredictionScore } from './models/evaluate.js'
export { fixturesDir, fixtureModelDir } from './models/fixtures-dir.js'
export { listImageFiles } from './models/image-files.js'
export { compareClipGoldens, compareReleasedImageEmbeddings } from './models/golden-check.js'
export type { TextGoldenRow, ImageGoldenRow } from './models/golden-check.js'
export type { ClassEntry, ClassScore, Classification, Classifier, ClassifyOptions, DecodeImageOptions, DecodedImage, EmbedOptions, Embeddings, ImageBatchOptions, ImageConversion, ImageEmbeddings, ImageError, LoadClassifierOptions, LoadModelOptions, ModelSource, OnnxPreprocess, Prediction } from './models/types.js'

// metrics: accuracy, intra-class similarity, comparisons, seeded sampling
export { createRandom } from './metrics/random.js'
export type { Random } from './metrics/random.js'
export { intraClassStats, imageMeanSimilarity } from './metrics/intra-class.js'
export { groupRows, gatherRows, intraClassByLabel } from './metrics/group-rows.js'
export { samplePairSimilarities, pooledPairSample } from './metrics/pair-sample.js'
export { compareIntraClass, paperHalfWidth } from './metrics/compare.js'
export type { StatsByClass } from './metrics/compare.js'
export { wilsonInterval } from './metrics/wilson.js'
export { classRecall, combineRecalls, equiWeightedAccuracy, weightedAccuracy, topKCorrect } from './metrics/accuracy.js'
export type { Outcome } from './metrics/accuracy.js'
export { paperValidationAccuracy, accumulatePaperValidation, paperModels, validationImageNumber, PAPER_INDEX_COLUMN } from './metrics/paper-val.js'
export { imageNetV2Accuracy, IMAGENETV2_SETS } from './metrics/imagenetv2.js'
export { standInClassWeights } from './metrics/stand-in-weights.js'
export { loadImageNetV2Accuracy } from './metrics/imagenetv2-load.js'
export { loadLabelledEmbeddings, intraClassFiles } from './metrics/intra-class-files.js'
export type { LabelledEmbeddings, IntraClassFilesResult } from './metrics/intra-class-files.js'
export type { ImageNetV2DatasetFile, PredictionArray } from './metrics/imagenetv2.js'
export { PAPER_ACCURACY, PAPER_SELECTION_FREQUENCY, paperModelGroup } from './paper/accuracy.js'
export type { PaperModelGroup } from './paper/accuracy.js'
export { paperAccuracyRows } from './metrics/accuracy-rows.js'
export type { AccuracyTableRow } from './metrics/accuracy-rows.js'
export type {
  Matrix, IntraClassStats, IntraClassOptions, GroupOptions, PairSampleOptions, Verdict, TestResult,
  ClassComparison, TestSummary, IntraClassComparison, CompareOptions,
  Interval, ClassRecall, RecallTable, AccuracyEstimate, AccuracyOptions, ClassWeights,
  RowGroupChunk, ModelAccuracy, LabelMismatch, PaperValidationAccuracy, PaperValidationOptions,
  ImageNetV2Accuracy, ImageNetV2Options,
} from './metrics/types.js'

// simulate: the causal world
export { DEFAULT_SIMULATION_CONFIG, SIMULATION_CONFIG_RANGES, resolveSimulationConfig } from './simulate/config.js'
export { loadSimulationConfig } from './simulate/load-config.js'
export { createWorld } from './simulate/world.js'
export { selectTextOnly, selectImageAware, selectFrontier } from './simulate/selection.js'
export { classKey, classOfKey, gatherImages, selectionImages, intraByClass, meanIntra } from './simulate/measure.js'
export { splitSelection, fitCentroidClassifier, predictCentroid, centroidAccuracy, predictTopK, centroidTopKAccuracy } from './simulate/classifier.js'
export { captionSynsetSimilarity } from './simulate/text-synset.js'
export { relabelShare } from './simulate/label-noise.js'
export { className, exampleCaption, exampleCaptions } from './simulate/captions.js'
export { simulateStudy, measureSelection } from './simulate/study.js'
export { simulationReport, runSimulation } from './simulate/report.js'
export { sweepDial } from './simulate/sweep.js'
export { SELECTION_NAMES, simulatedAccuracyInput, simulatedIntraClassInput, simulatedSelectionFrequencyInput, simulatedTextSynsetInput, simulatedFrontierInput } from './simulate/figure-inputs.js'
export { intraClassSource, compareSource } from './simulate/intra-class-source.js'
export type { SimulationConfig, DialRange, World, Selection, FrontierSelection } from './simulate/types.js'
export type { CreateWorldOptions } from './simulate/world.js'
export type { TextOnlyOptions, ImageAwareOptions, FrontierOptions } from './simulate/selection.js'
export type { CentroidClassifier, PredictOptions } from './simulate/classifier.js'
export type { TextSynsetResult } from './simulate/text-synset.js'
export type { StudyOptions, MeasuredSelection, SimulationStudy } from './simulate/study.js'
export type { SimulationReport, DatasetSummary } from './simulate/report.js'
export type { ScalarDial, DialPoint } from './simulate/sweep.js'
export type { SimulatedAccuracyRow } from './simulate/figure-inputs.js'
export type { LabelledSet, IntraClassSource, IntraClassSourceOptions, CompareSourceOptions } from './simulate/intra-class-source.js'

// plots: figures, rendering, report
export { showFigure, PLOTLY_MIME } from './plots/show-figure.js'
export { saveFigure } from './plots/save-figure.js'
export { FIGURE_IDS } from './plots/figure-ids.js'
export { comparisonSeries } from './plots/from-comparison.js'
export type { FigureId } from './plots/figure-ids.js'
export { renderFigures, openFigureRenderer, readFigureSpecs } from './plots/render.js'
export type { RenderOptions, RenderedFigure, FigureRenderer } from './plots/render.js'
export { reportHtml, writeReportHtml, experimentKey } from './report/report-html.js'
export type { ReportHtmlInput, ReportHtmlOptions, ReportNotebook, ReportFigure } from './report/report-html-types.js'
export { dialFigure, lineFigure } from './plots/figures/dial-sweep.js'
export { fig1Accuracy } from './plots/figures/fig1-accuracy.js'
export { fig2CausalGraphs } from './plots/figures/fig2-causal-graphs.js'
export { fig3Threshold } from './plots/figures/fig3-threshold.js'
export { fig4ClassFrequency } from './plots/figures/fig4-class-frequency.js'
export { fig5LaionWeighted } from './plots/figures/fig5-laion-weighted.js'
export { fig6IntraClass } from './plots/figures/fig6-intra-class.js'
export { fig7ImageNetV2, fig7Accuracy } from './plots/figures/fig7-imagenetv2.js'
export { fig1ImageNetSide } from './plots/figures/fig1-imagenet-side.js'
export { fig8TextSynset } from './plots/figures/fig8-text-synset.js'
export { fig9ImageNetTextSelection } from './plots/figures/fig9-imagenet-text-selection.js'
export { frontier42 } from './plots/figures/frontier-4-2.js'
export { appDCrossModal } from './plots/figures/app-d-cross-modal.js'
export { appF } from './plots/figures/app-f.js'
export type {
  PlotlyFigure, PlotlyTrace, PlotlyLayout, FigureOptions, ShowFigureOptions, TieredInput, HistogramSeries,
  ClassDifferenceRow, ClassDifferenceSeries, AccuracyRow, Fig1AccuracyInput, WeightedAccuracyRow, Fig5LaionWeightedInput,
  ThresholdRow, Fig3ThresholdInput, ClassFrequencyRow, Fig4ClassFrequencyInput, Fig6IntraClassInput, Fig9Input,
  AppDCrossModalInput, SelectionFrequencyRow, SelectionAccuracyRow, Fig7ImageNetV2Input, Fig8TextSynsetInput,
  FrontierPoint, FrontierInput, RecallFrequencyRow, DropGapRow, AppFInput, DialSweepPoint, LineSeries, LineFigureOptions,
  ImageNetSideRow, Fig1ImageNetSideInput, Fig7AccuracyInput,
} from './plots/types.js'

// download and datasets on disk, configuration
export { downloadImages } from './download/download-images.js'
export { fetchUrl } from './download/fetch-url.js'
export type { FetchResult } from './download/fetch-url.js'
export { refusedAddress, resolveSafely, BlockedAddressError } from './download/address-guard.js'
export type { AddressClass } from './download/address-guard.js'
export { forbiddingDirective, DEFAULT_DISALLOWED_DIRECTIVES } from './download/robots-tag.js'
export { sniffImage, checkImage } from './download/image-check.js'
export type { ImageKind, CheckedImage } from './download/image-check.js'
export { inputRows } from './download/input-rows.js'
export { downloadedSamples } from './download/read-shards.js'
export type { DownloadedSample } from './download/read-shards.js'
export type { InputRow, InputRowOptions } from './download/input-rows.js'
export { csvRows, csvFileRows } from './download/csv-rows.js'
export { readStatusLog, parseStatusLog } from './download/status-log.js'
export { progressLine, progressPrinter, formatSummary } from './download/progress.js'
export type { DownloadOptions, DownloadSummary, DownloadProgress, DownloadStatus, StatusRecord, FetchImageOptions, ImageOptions, Resolver } from './download/types.js'
export { createTarWriter, tarHeader } from './io/tar-writer.js'
export type { TarWriter, TarWriterOptions } from './io/tar-writer.js'
export { parseTar, tarEntries } from './io/tar-reader.js'
export type { TarEntry, TarReadOptions } from './io/tar-reader.js'
export { imageNetValFolder } from './datasets/imagenet-val-folder.js'
export { imageNetV2Folders } from './datasets/imagenetv2-folders.js'
export { sortedWnids } from './datasets/sorted-wnids.js'
export type { LabelledImage, ImageNetValFolderOptions, ImageNetV2FolderOptions } from './datasets/types.js'
export { loadConfig, configFile, checkConfigPaths, applyConfigEnv } from './config/load-config.js'
export type { LoadConfigOptions } from './config/load-config.js'
export { parseConfig } from './config/parse-config.js'
export { defaultConfig } from './config/defaults.js'
export { expandGlob } from './config/expand-glob.js'
export { describeTiers, formatTiers, clipTier } from './config/describe-tiers.js'
export type { LaionetConfig, DataSources, ModelChoice, Limits, EmbeddingSource, EmbeddingDataset, ExperimentTier } from './config/types.js'
