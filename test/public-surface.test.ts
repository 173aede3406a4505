// The public surface, listed: a name added to or dropped from src/index.ts shows up as a diff here. Internals stay
// exported from their own files for src/, tests, bench/ and scripts/ (see CONTRIBUTING.md, "Layout and layers").
import { expect } from 'chai'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import * as laionet from '../src/index.js'
import { root } from './helpers/shared.js'

/** Every value `import { ... } from 'laionet'` offers (174). */
const VALUES = [
  'CLAIM_RULES', 'CLIP_FINGERPRINT_MIN_COSINE', 'IMAGENETV2_SETS', 'LaionetError', 'PAPER_ACCURACY',
  'PAPER_CONSTRUCTION', 'PAPER_EXCLUDED_WNIDS', 'PAPER_HUSKY_WNID', 'PAPER_THRESHOLD', 'PAPER_ZERO_SHOT', 'TIERS',
  'alwaysMultiClass', 'appDCrossModal', 'appF', 'asPercent', 'buildLaionet', 'buildLemmaMap', 'cachedStudy', 'checkClipWeights',
  'checkImageNetClasses', 'classCounts', 'classFrequencies', 'classNamesInText', 'classTable', 'classifyImages',
  'clipTextEmbedder', 'clipTier', 'compareClipGoldens', 'compareIntraClass', 'compareReleasedImageEmbeddings',
  'compareSource', 'comparisonSeries', 'configContext', 'configFile', 'cosineSimilarity', 'createLemmaMatcher',
  'createRandom', 'createWorld', 'crossModalDifficulty', 'currentContext', 'dataFolder', 'dataPath',
  'defaultThresholds', 'describeTiers', 'dialFigure', 'dialSliderFigure', 'downloadImages', 'embedImages',
  'embedTexts', 'environmentContext', 'equiWeightedAccuracy', 'errorCode', 'escapeHtml', 'evaluatedClasses',
  'exampleCaptions', 'examplesGrid', 'examplesGridHtml', 'fetchData', 'fig1Accuracy', 'fig1ImageNetSide',
  'fig2CausalGraphs', 'fig3Threshold', 'fig4ClassFrequency', 'fig5LaionWeighted', 'fig6IntraClass', 'fig7Accuracy',
  'fig7ImageNetV2', 'fig7Panels', 'fig8TextSynset', 'fig9ImageNetTextSelection', 'fixtureModelDir', 'fixturesDir',
  'formatNumber', 'formatShare', 'formatTiers', 'frontier42', 'imageNetSampleItems', 'imageNetSideRows',
  'imageNetV2Folders', 'imageNetValFolder', 'intraClassSource', 'intraClassStats', 'invertNounExceptions',
  'isLaionetError', 'judgeClaim', 'laionParts', 'lemmaCounts', 'lemmaMapJson', 'lemmaOptionEffects',
  'lemmaStatistics', 'lemmasPerClassFigure', 'lineFigure', 'listImageFiles', 'loadClassifier', 'loadClip',
  'loadConfig', 'loadDevkitSynsets', 'loadImageNetCaptions', 'loadImageNetClasses', 'loadImageNetV2Accuracy',
  'loadLemmaMap', 'loadNounExceptions', 'loadReleasedLabels', 'loadReleasedLaionet', 'loadValidationLabels',
  'matchCaptions', 'matchParquetFiles', 'outDir', 'paperAccuracyRows', 'paperCitation', 'paperNameInText',
  'paperQuote', 'paperQuotes', 'paperShare', 'paperValidationAccuracy', 'paperValue', 'parquetRowGroups',
  'projectContext', 'readBuild', 'readNpy', 'readResults', 'recordById', 'recordResults', 'recorder',
  'renderFigures', 'resolveClip', 'roundTo', 'runClaims', 'runExperiment', 'runSimulation', 'sampleBuild',
  'scorePredictions', 'scoreboard', 'selectByImageNetTexts', 'selectByThreshold', 'selectImageAware',
  'selectTextOnly', 'selectTopK', 'showFigure', 'simulateStudy', 'simulatedAccuracyInput', 'simulatedAppF',
  'simulatedCandidates', 'simulatedCaptionItems', 'simulatedCrossModalInput', 'simulatedDialFrames',
  'simulatedFig7Panels', 'simulatedFig9Sweep', 'simulatedFirstN', 'simulatedFrontierInput',
  'simulatedIntraClassInput', 'simulatedLabelNoiseCheck', 'simulatedPooling', 'simulatedPrefilterStrata',
  'simulatedSelectionFrequencyInput', 'simulatedTextSelectionInput', 'simulatedTextSynsetInput', 'simulationReport',
  'sourcesHtml', 'standInClassWeights', 'summarizeReleasedLabels', 'sweepDial', 'synsetText', 'tableHtml',
  'textFilterTier', 'thresholdSweep', 'verdictCounts', 'verdictSummary', 'verifyData', 'weightedAccuracy',
  'withContext', 'wnidFromFileName', 'writeNpy', 'zeroShotClassifier',
]

/** Every type it offers (223): the option, input and result types of those values. */
const TYPES = [
  'ClaimEntry', 'ClaimVerdict', 'RecordOptions',
  'AccuracyEstimate', 'AccuracyOptions', 'AccuracyRow', 'AccuracyTableRow', 'AppDCrossModalInput', 'AppFInput',
  'AutomatonOptions', 'AutomatonPattern', 'BuildCandidate', 'BuildOptions', 'BuildSummary', 'ByteSource',
  'CaptionMatch', 'CentroidClassifier', 'CheckedImageNetClasses', 'ClassComparison', 'ClassDifferenceRow',
  'ClassDifferenceSeries', 'ClassDisagreement', 'ClassEntry', 'ClassFrequency', 'ClassFrequencyRow', 'ClassLemmas',
  'ClassNames', 'ClassRecall', 'ClassScore', 'ClassTableRow', 'ClassWeights', 'Classification', 'Classifier',
  'ClassifyOptions', 'Clip', 'ClipDevice', 'ClipOptions', 'ClipResolution', 'ClipWeightsCheck', 'CompareOptions',
  'CompareSourceOptions', 'ComparisonShares', 'ContextFetch', 'CreateWorldOptions', 'CrossModalResult',
  'CrossModalSide', 'DataOptions', 'DataProgress', 'DataSources', 'DatasetSummary', 'DecodeImageOptions',
  'DecodedImage', 'DevkitOptions', 'DevkitSynset', 'DialFrame', 'DialPoint', 'DialSliderOptions', 'DialSweepPoint',
  'DownloadOptions', 'DownloadProgress', 'DownloadSummary', 'DropGapRow', 'EmbedOptions', 'EmbeddingDataset',
  'EmbeddingSource', 'Embeddings', 'ErrorCode', 'ExampleGridClass', 'ExampleItem', 'ExperimentContext',
  'ExperimentName', 'ExperimentRecord', 'ExperimentResult', 'ExperimentTable', 'ExperimentTier', 'ExtendedOptions',
  'FetchImageOptions', 'FetchLike', 'FetchReport', 'FetchStatus', 'Fig1AccuracyInput', 'Fig1ImageNetSideInput',
  'Fig3ThresholdInput', 'Fig4ClassFrequencyInput', 'Fig5LaionWeightedInput', 'Fig6IntraClassInput',
  'Fig7AccuracyInput', 'Fig7ImageNetV2Input', 'Fig7PanelRow', 'Fig7PanelVersion', 'Fig7PanelsInput',
  'Fig8TextSynsetInput', 'Fig9Input', 'Fig9SweepRow', 'FigureOptions', 'FileMatches', 'FrontierInput',
  'FrontierPoint', 'FrontierSelection', 'HistogramSeries', 'ImageAwareOptions', 'ImageBatchOptions',
  'ImageConversion', 'ImageEmbeddings', 'ImageError', 'ImageGoldenRow', 'ImageNetCaption', 'ImageNetCaptionsOptions',
  'ImageNetClass', 'ImageNetSideAccuracy', 'ImageNetSideRow', 'ImageNetTextSelection', 'ImageNetTextSelectionOptions',
  'ImageNetV2Accuracy', 'ImageNetV2FolderOptions', 'ImageNetV2Options', 'ImageNetValFolderOptions', 'ImageOptions',
  'IntraClassComparison', 'IntraClassOptions', 'IntraClassSource', 'IntraClassSourceOptions', 'IntraClassStats',
  'LabelMismatch', 'LabelNoiseCheck', 'LabelledImage', 'LabelledSet', 'LaionPartFile', 'LaionPartsOptions',
  'LaionetConfig', 'LaionetContext', 'LaionetErrorOptions', 'LemmaEntry', 'LemmaMap', 'LemmaMapOptions',
  'LemmaMatcher', 'LemmaMode', 'LemmaOverlaps', 'LemmaSource', 'LemmaStatistics', 'LemmaStatisticsOptions', 'Limits',
  'LineFigureOptions', 'LineSeries', 'LoadClassifierOptions', 'LoadConfigOptions', 'LoadImageNetClassesOptions',
  'LoadModelOptions', 'LowerHigher', 'Manifest', 'ManifestEntry', 'MatchParquetOptions', 'MatchProgress',
  'MatchRecord', 'Matrix', 'MeasuredSelection', 'ModelAccuracy', 'ModelChoice', 'ModelSource', 'NpyArray', 'NpyData',
  'NpyDtype', 'OcrRule', 'OnnxPreprocess', 'OptionEffect', 'PaperModelGroup', 'PaperQuote', 'PaperSource',
  'PaperUnit', 'PaperValidationAccuracy', 'PaperValidationOptions', 'PaperValueId', 'PaperVersion', 'ParquetBatch',
  'ParquetReadOptions', 'PlotlyFigure', 'PlotlyLayout', 'PlotlyTrace', 'Prediction', 'PredictionScore',
  'PrefilterStratum', 'Random', 'RecallFrequencyRow', 'RecallTable', 'ReleasedEncoder', 'ReleasedLabelsSummary',
  'ReleasedLaionet', 'ReleasedLaionetBatch', 'ReleasedLaionetOptions', 'RenderOptions', 'RenderedFigure', 'Resolver',
  'ResultRecord', 'SampleBuild', 'ScalarDial', 'ScoredCaption', 'Selection', 'SelectionAccuracyRow',
  'SelectionFrequencyRow', 'Shard', 'SharedLemma', 'ShowFigureOptions', 'SimulatedAccuracyRow', 'SimulationConfig',
  'SimulationReport', 'SimulationStudy', 'SourceChoice', 'StatsByClass', 'StudyOptions', 'SweepPoint', 'TestResult',
  'TestShares', 'TestSummary', 'TextEmbedder', 'TextFilterModelOptions', 'TextGoldenRow', 'TextOnlyOptions',
  'TextSynsetResult', 'ThresholdRow', 'Tier', 'TieredInput', 'TopKOptions', 'Verdict', 'VerifyReport',
  'WeightedAccuracyRow', 'World', 'ZeroShotOptions',
]

/** The names src/index.ts re-exports, split into values and types, and its group comments. */
function readIndex(): { values: string[], types: string[], groups: string[] } {
  const file = join(root, 'src', 'index.ts')
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const values: string[] = []
  const types: string[] = []
  for (const node of sf.statements) {
    if (!ts.isExportDeclaration(node) || !node.exportClause || !ts.isNamedExports(node.exportClause)) continue
    for (const el of node.exportClause.elements) (node.isTypeOnly || el.isTypeOnly ? types : values).push(el.name.text)
  }
  const groups = sf.getFullText().split('\n').filter((l) => l.startsWith('// '))
  return { values: values.sort(), types: types.sort(), groups }
}

describe('the public surface (src/index.ts)', () => {
  it('offers exactly the listed values, at run time', () => {
    expect(Object.keys(laionet).sort()).to.deep.equal([...VALUES].sort())
  })

  it('re-exports exactly the listed values and types, each once, each explicitly (no export *)', () => {
    const index = readIndex()
    expect(index.values).to.deep.equal([...VALUES].sort())
    expect(index.types).to.deep.equal([...TYPES].sort())
    expect(readFileSync(join(root, 'src', 'index.ts'), 'utf8')).to.not.match(/export \*/)
  })

  it('offers every name the notebooks and the README import from laionet', () => {
    const wanted = new Set<string>()
    const grab = (code: string) => {
      for (const m of code.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]laionet['"]/g)) {
        for (const n of m[1].split(',')) {
          const name = n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]
          if (/^[A-Za-z_$][\w$]*$/.test(name)) wanted.add(name) // not the '...' of a prose example
        }
      }
    }
    for (const file of readdirSync(join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb'))) {
      const nb = JSON.parse(readFileSync(join(root, 'notebooks', file), 'utf8')) as { cells: { cell_type: string, source: string[] | string }[] }
      for (const cell of nb.cells) if (cell.cell_type === 'code') grab(Array.isArray(cell.source) ? cell.source.join('') : cell.source)
    }
    grab(readFileSync(join(root, 'README.md'), 'utf8'))
    const offered = new Set([...VALUES, ...TYPES])
    expect([...wanted].filter((n) => !offered.has(n)).sort()).to.deep.equal([])
    expect(wanted.size).to.be.above(50)
  })

  it('groups the names by concept, each group under a comment line', () => {
    expect(readIndex().groups.length).to.be.within(10, 20)
  })
})
