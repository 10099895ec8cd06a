/**
 * The sentences of the server's refusals, in English and Chinese: a service throws an AppError with one of these
 * keys and its parameters (server/errors.ts); the CLI, logs and REST answers carry the English, the web client
 * renders the key in the reader's language (client/src/lib/trpc.ts). Pure; the client imports it too.
 *
 * `{name}` placeholders are filled from the parameters. Parameters whose name is a known kind are shown as a
 * person reads them in Chinese: `period…` (2011Q3 → 2011年第三季度), `role`/`roles`, `status`, `ownerKind`,
 * `group`; an import row's `(no unit)`/`(no period)` as 未填单位/未填期间.
 * `enOnly` names parameters the English sentence shows but the Chinese one leaves out (a library's own
 * English explanation, a code that adds nothing for the reader); `zhOnly` the few only the Chinese one shows
 * (a count where the English lists every problem, a field list already in Chinese).
 */

export type ServerMessageLang = 'zh' | 'en';
export type ServerMessageParams = Readonly<Record<string, string | number>>;
type Entry = {
  readonly en: string;
  readonly zh: string;
  readonly enOnly?: readonly string[];
  readonly zhOnly?: readonly string[];
};

export const SERVER_MESSAGES = {
  'users.badUsername': {
    en: 'Username "{username}" must be 2–64 letters, digits, dot, dash or underscore.',
    zh: '用户名“{username}”须为 2–64 位字母、数字、点、短横线或下划线。',
  },
  'users.unitOperatorNeedsUnitCli': {
    en: 'A unit operator needs a unit (--unit CODE).',
    zh: '单位信息员须绑定一个单位（--unit 单位代码）。',
  },
  'users.onlyUnitOperatorsBound': {
    en: 'Only unit operators are bound to a unit, not {role}.',
    zh: '只有单位信息员绑定单位，{role}不绑定单位。',
  },
  'common.unknownUnit': { en: 'Unknown unit {unitCode}.', zh: '未知单位 {unitCode}。' },
  'users.alreadyExists': { en: 'User {username} already exists.', zh: '用户 {username} 已存在。' },
  'users.currentPasswordWrong': { en: 'The current password is wrong.', zh: '当前密码不正确。' },
  'users.newPasswordSame': {
    en: 'The new password must differ from the current one.',
    zh: '新密码不能与当前密码相同。',
  },
  'users.noSuchUser': { en: 'No user {username}.', zh: '用户 {username} 不存在。' },
  'users.notYourself': {
    en: 'You cannot disable yourself or change your own role.',
    zh: '不能停用自己的账号，也不能更改自己的角色。',
  },
  'users.unitOperatorNeedsUnit': { en: 'A unit operator needs a unit.', zh: '单位信息员须绑定一个单位。' },
  'common.badYear': { en: 'Year {year} is not valid.', zh: '年份 {year} 不合法。' },
  'periods.deadlinePerQuarter': {
    en: 'Submission deadlines are set per quarter, not for {period}.',
    zh: '报送截止日期按季度设置，不能为{period}设置。',
  },
  'periods.deadlineNotDate': {
    en: 'Deadline {deadline} is not a date (write 2011-10-10).',
    zh: '截止日期“{deadline}”不是日期（请写成 2011-10-10）。',
  },
  'periods.deadlineBeforeEnd': {
    en: 'Deadline {deadline} is before {period} ends ({end}).',
    zh: '截止日期 {deadline} 早于{period}结束日（{end}）。',
  },
  'common.unknownPeriod': { en: 'Unknown period {period}.', zh: '未知期间 {period}。' },
  'periods.yearPublishOnly': {
    en: 'A year is published, not locked or reopened: {action} its quarters ({period}Q1…Q4).',
    zh: '年度只能公示，不能锁定或重新开放：请对其各季度操作（{period}Q1…Q4）。',
    enOnly: ['action'],
  },
  'periods.noDataYet': { en: 'No data for {period} yet.', zh: '{period}尚无数据。' },
  'periods.alreadyLocked': { en: '{period} is already locked.', zh: '{period}已锁定。' },
  'periods.notLocked': { en: '{period} is not locked.', zh: '{period}未锁定。' },
  'periods.reopenNeedsReason': { en: 'Reopening a quarter needs a reason.', zh: '重新开放季度须填写理由。' },
  'auditLog.exportTooLarge': {
    en: 'The range holds {count} audit entries, more than {max} in one export; give a shorter from–to.',
    zh: '所选时间范围内有 {count} 条审计记录，超过单次导出上限 {max} 条；请缩短起止时间。',
  },
  'sessions.wrongCredentials': { en: 'Wrong username or password.', zh: '用户名或密码错误。' },
  'totp.alreadyEnrolledReset': {
    en: 'A second factor is already enrolled; the security administrator can reset it.',
    zh: '已绑定第二认证因子；如需更换，请联系安全管理员重置。',
  },
  'totp.alreadyEnrolled': { en: 'A second factor is already enrolled.', zh: '已绑定第二认证因子。' },
  'totp.startEnrolmentFirst': { en: 'Start the enrolment first (auth.enrolTotp).', zh: '请先开始绑定第二认证因子。' },
  'totp.codeWrong': {
    en: 'The code is wrong; type the six digits the app shows now.',
    zh: '验证码不正确，请输入认证应用当前显示的六位数字。',
  },
  'totp.nothingToVerify': {
    en: 'This account has no second factor to verify.',
    zh: '此账号未绑定第二认证因子，无需验证。',
  },
  'totp.codeWrongOrExpired': { en: 'The code is wrong or expired.', zh: '验证码不正确或已过期。' },
  'common.notWaitingForCode': { en: 'This session is not waiting for a code.', zh: '当前会话无需输入验证码。' },
  'totp.noneEnrolled': { en: 'No second factor is enrolled.', zh: '未绑定第二认证因子。' },
  'totp.adminsKeep': { en: 'Administrators must keep their second factor.', zh: '管理员必须保留第二认证因子。' },
  'settings.badDays': {
    en: '{field} must be a whole number of days from 0 to 365 (got {value}).',
    zh: '天数须为 0 到 365 之间的整数（收到 {value}）。',
    enOnly: ['field'],
  },
  'settings.yellowOverBlue': {
    en: 'The yellow threshold ({yellowDays} days) must not exceed the blue one ({blueDays} days).',
    zh: '黄色阈值（{yellowDays} 天）不能超过蓝色阈值（{blueDays} 天）。',
  },
  'common.notQuarterOrYear': {
    en: '{period} is not a quarter (2011Q3) or a year (2011).',
    zh: '“{period}”不是季度（如 2011Q3）或年度（如 2011）。',
  },
  'notifications.needsMessage': {
    en: 'A reminder needs a message (what the unit should do, by when).',
    zh: '提醒须填写内容（单位应做什么、何时完成）。',
  },
  'notifications.messageTooLong': {
    en: "A reminder's message is at most {max} characters.",
    zh: '提醒内容最多 {max} 个字。',
  },
  'notifications.noOpenItem': {
    en: '{code} has no open item {itemKey} (it may have been closed meanwhile); nothing was sent.',
    zh: '单位 {code} 没有这项未办结事项（可能刚刚已办结），未发送提醒。',
    enOnly: ['itemKey'],
  },
  'notifications.noSuchReminder': { en: 'No reminder {id}.', zh: '提醒 {id} 不存在。' },
  'notifications.notYourReminder': {
    en: 'Only a user of the reminded unit acknowledges a reminder.',
    zh: '只有被提醒单位的用户才能确认提醒。',
  },
  'notifications.nameThem': { en: 'Name the notifications to mark, or all.', zh: '请指定要标记的通知，或选择全部。' },
  'notifications.badEmail': {
    en: '"{address}" is not a mail address (write name@example.gov.cn).',
    zh: '“{address}”不是邮箱地址（请写成 name@example.gov.cn）。',
  },
  'common.noSuchUnit': { en: 'No unit {code}.', zh: '单位 {code} 不存在。' },
  'templates.noHeaderRow': {
    en: 'The sheet {sheet} has no header row with the columns {key} and {value}. This is not a Dukao quarter template: download the template of the unit and quarter, fill in the 数值 column and upload that file.',
    zh: '工作表“{sheet}”中没有含“{key}”和“{value}”两列的表头行。这不是督考系统的季度填报模板：请下载该单位该季度的模板，在“数值”列填写后上传。',
  },
  'templates.notATemplate': {
    en: 'This is not a Dukao quarter template: download the template of the unit and quarter, fill in the 数值 column and upload that file.',
    zh: '这不是督考系统的季度填报模板：请下载该单位该季度的模板，在“数值”列填写后上传。',
  },
  'publications.unchanged': {
    en: '{period} is already published (version {version}) and nothing has changed since.',
    zh: '{period}已公示（第 {version} 版），此后没有任何变化。',
  },
  'publications.newVersionNeedsReason': {
    en: 'Publishing version {next} of {period} needs a reason ({count} differences from version {version}).',
    zh: '公示{period}第 {next} 版须填写理由（与第 {version} 版有 {count} 处不同）。',
  },
  'publications.incompleteNeedsReason': {
    en: '{period} is incomplete ({named}); publishing anyway needs a reason.',
    zh: '{period}的数据尚不完整；仍要公示须填写理由。',
    enOnly: ['named'],
  },
  'publications.noScores': { en: '{period} has no scores to publish.', zh: '{period}没有可公示的得分。' },
  'publications.notPublished': {
    en: 'The ranking of {period} has not been published.',
    zh: '{period}的排名尚未公示。',
  },
  'publications.noSuchVersion': {
    en: '{period} has no published version {version}.',
    zh: '{period}没有公示第 {version} 版。',
  },
  'appeals.noSuchAppeal': { en: 'No appeal {id}.', zh: '申诉 {id} 不存在。' },
  'appeals.unitOperatorsOnly': {
    en: 'Appeals are filed by the unit operator of the unit concerned.',
    zh: '申诉由相关单位的信息员提出。',
  },
  'appeals.needsReason': {
    en: 'An appeal needs a reason: say what is wrong and why.',
    zh: '申诉须填写理由：说明哪里有误及原因。',
  },
  'appeals.findingOrFigure': {
    en: 'Appeal either a finding (findingId) or one figure (period and indicator).',
    zh: '请申诉一项督查发现，或一项数据（期间和指标），二者选其一。',
  },
  'common.noSuchFinding': { en: 'No finding {id}.', zh: '督查发现 {id} 不存在。' },
  'appeals.findingAlreadyAppealed': {
    en: 'Finding {id} already has an open appeal ({appealId}); add evidence to it or wait for its decision.',
    zh: '督查发现 {id} 已有待复核的申诉（{appealId}）；请为该申诉补充佐证材料或等待复核结果。',
  },
  'appeals.figureNeedsQuarter': {
    en: 'A figure is appealed for a quarter (e.g. 2011Q3), not {period}.',
    zh: '数据申诉须针对某一季度（如 2011Q3），不能针对“{period}”。',
  },
  'appeals.unknownIndicator': { en: 'Unknown indicator {indicator}.', zh: '未知指标 {indicator}。' },
  'appeals.figureAlreadyAppealed': {
    en: 'The {label} already has an open appeal ({id}).',
    zh: '该项已有待复核的申诉（{id}）。',
    enOnly: ['label'],
  },
  'appeals.notPublished': {
    en: '{period} has not been published: an appeal is against a published version (公示).',
    zh: '{period}尚未公示：申诉针对的是已公示的版本。',
  },
  'appeals.windowClosed': {
    en: 'The appeal window of {period} closed on {closesOn} ({windowDays} days after version {version} was published on {publishedOn}); no appeal is accepted after it.',
    zh: '{period}的申诉期已于 {closesOn} 截止（第 {version} 版于 {publishedOn} 公示后 {windowDays} 天）；截止后不再受理申诉。',
  },
  'appeals.changedMeanwhile': {
    en: 'Appeal {id} was changed by someone else (version {version}, yours {yours}); reload.',
    zh: '申诉 {id} 已被他人修改（版本 {version}，您的版本 {yours}），请刷新后重试。',
  },
  'appeals.alreadyDecided': {
    en: 'Appeal {id} is already decided ({status}).',
    zh: '申诉 {id} 已有复核结果（{status}）。',
  },
  'appeals.decisionNeedsReason': {
    en: 'A decision on an appeal needs a written reason.',
    zh: '复核申诉须填写书面理由。',
  },
  'appeals.figureNoDeduction': {
    en: 'A figure appeal changes no deduction: send no new deduction.',
    zh: '数据申诉不改变扣分，请不要填写新的扣分。',
  },
  'appealSettings.badWindow': {
    en: 'The appeal window must be a whole number of days from 0 to 90, not {days}.',
    zh: '申诉期须为 0 到 90 之间的整数天，不能是 {days}。',
  },
  'publicResults.unknownPeriod': {
    en: 'Unknown period {period}: write 2011Q3 or 2011.',
    zh: '未知期间“{period}”：请写成 2011Q3 或 2011。',
  },
  'publicResults.notPublished': {
    en: 'The results of {period} have not been published.',
    zh: '{period}的结果尚未公示。',
  },
  'publicResults.nothingPublished': { en: 'Nothing has been published yet.', zh: '尚未公示任何结果。' },
  'imports.unknownKind': {
    en: 'Unknown import kind "{kind}": use units, values, findings or commendations.',
    zh: '未知导入类型“{kind}”：可选单位、数据、督查发现或表彰加分。',
  },
  'imports.fileTooLarge': {
    en: 'The file is {size}; at most {max} can be imported. Split it into smaller files.',
    zh: '文件大小为 {size}，最多可导入 {max}。请拆分为较小的文件。',
  },
  'imports.emptyFile': { en: 'The file is empty: a header row is needed.', zh: '文件为空：需要一行表头。' },
  'imports.tooManyRows': {
    en: 'The file has {count} rows; at most {max} can be imported at once. Split it into smaller files.',
    zh: '文件有 {count} 行，一次最多导入 {max} 行。请拆分为较小的文件。',
  },
  'imports.noRows': {
    en: 'The file has a header but no rows: nothing to import.',
    zh: '文件只有表头，没有数据行：没有可导入的内容。',
  },
  'imports.csvUnreadable': {
    en: 'The CSV file cannot be read: {why}. Nothing was imported.',
    zh: 'CSV 文件无法读取，未导入任何内容。',
    enOnly: ['why'],
  },
  'imports.xlsxNoWorksheet': { en: 'The XLSX file has no worksheet.', zh: 'XLSX 文件中没有工作表。' },
  'imports.worksheetEmpty': { en: 'The worksheet is empty: a header row is needed.', zh: '工作表为空：需要一行表头。' },
  'imports.badHeader': {
    en: 'The header row is not the one expected; nothing was imported.',
    zh: '表头与要求的不一致，未导入任何内容。',
  },
  'imports.fileHasProblem': {
    en: 'The {what} file has 1 problem; nothing was imported.',
    zh: '文件有 1 处问题，未导入任何内容。',
    enOnly: ['what'],
  },
  'imports.fileHasProblems': {
    en: 'The {what} file has {count} problems; nothing was imported.',
    zh: '文件有 {count} 处问题，未导入任何内容。',
    enOnly: ['what'],
  },
  'imports.outOfMemory': {
    en: 'The file needs too much memory to read; split it into smaller files.',
    zh: '文件过大，读取所需内存过多；请拆分为较小的文件。',
  },
  'imports.xlsxUnreadable': {
    en: 'The XLSX file cannot be read; save it again as an Excel workbook (.xlsx) or as CSV ({why}).',
    zh: 'XLSX 文件无法读取；请重新另存为 Excel 工作簿（.xlsx）或 CSV 文件。',
    enOnly: ['why'],
  },
  'templates.unreadable': {
    en: 'The file cannot be read as an Excel workbook (.xlsx). This is not a Dukao quarter template: download the template of the unit and quarter, fill in the 数值 column and upload that file. ({why}).',
    zh: '文件无法作为季度填报模板（.xlsx）读取；请重新下载模板并填写。',
    enOnly: ['why'],
  },
  'imports.expandsTooMuch': {
    en: 'The workbook expands to more than {limit} of sheets; at most {limit} can be read. Split it into smaller files.',
    zh: '工作簿解压后超过 {limit}，最多可读取 {limit}。请拆分为较小的文件。',
  },
  'imports.encodingInvalid': {
    en: 'The file is marked as {encoding} (byte order mark) but row {row} is not valid {encoding}. Save it again as "CSV UTF-8 (逗号分隔)" or as an Excel workbook (.xlsx); nothing was imported.',
    zh: '文件标记为 {encoding} 编码（字节顺序标记），但第 {row} 行不是有效的 {encoding} 文本。请另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）；未导入任何内容。',
  },
  'imports.encodingNeither': {
    en: 'The file is neither UTF-8 nor GB18030/GBK: row {row} is not valid UTF-8 and row {gbRow} is not valid GB18030. Save it again as "CSV UTF-8 (逗号分隔)" or as an Excel workbook (.xlsx); nothing was imported.',
    zh: '文件既不是 UTF-8 也不是 GB18030/GBK 编码：第 {row} 行不是有效的 UTF-8，第 {gbRow} 行不是有效的 GB18030。请另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）；未导入任何内容。',
  },
  'imports.encodingUtf16': {
    en: 'The file is UTF-16 text (Excel\'s "Unicode text"), not CSV. Save it again as "CSV UTF-8 (逗号分隔)" or as an Excel workbook (.xlsx); nothing was imported.',
    zh: '文件是 UTF-16 文本（Excel 的“Unicode 文本”），不是 CSV。请另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）；未导入任何内容。',
  },
  'imports.encodingReplacement': {
    en: 'Row {row} of the file (read as {encoding}) holds the replacement character U+FFFD (�): the text was garbled before this file was saved. Save it again as "CSV UTF-8 (逗号分隔)" or as an Excel workbook (.xlsx); nothing was imported.',
    zh: '文件第 {row} 行（按 {encoding} 读取）含有替换字符 U+FFFD（�）：文字在保存此文件之前已成乱码。请另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）；未导入任何内容。',
  },
  'entry.quarterOnly': {
    en: 'Values are entered per quarter (e.g. 2011Q3), not for {period}.',
    zh: '数据按季度填报（如 2011Q3），不能为“{period}”填报。',
  },
  'common.periodLocked': {
    en: '{period} is locked: its values, findings and scores are frozen. Reopen it first.',
    zh: '{period}已锁定：数据、督查发现和得分均已冻结。请先重新开放。',
  },
  'entry.submissionNotFound': { en: 'Submission not found.', zh: '未找到该填报。' },
  'entry.changedMeanwhileNotSaved': {
    en: '{code} {period} was changed by someone else (version {version}, yours {yours}); nothing was saved.',
    zh: '{code} {period}的填报已被他人修改（版本 {version}，您的版本 {yours}），未保存任何内容。',
  },
  'entry.notEditable': {
    en: '{code} {period} is {status}; it can be changed only after an inspector returns it.',
    zh: '{code} {period}的填报{status}，须经督查员退回后才能修改。',
  },
  'entry.noSubmission': { en: '{code} has no submission for {period}.', zh: '{code}没有{period}的填报。' },
  'entry.changedMeanwhile': {
    en: '{code} {period} changed since you opened it (version {version}); reload.',
    zh: '{code} {period}的填报在您打开后已有变化（版本 {version}），请刷新后重试。',
  },
  'entry.onlySubmittedVerified': {
    en: '{code} {period} is {status}; only a submitted quarter can be verified.',
    zh: '{code} {period}的填报{status}，只有已提交的季度才能核验。',
  },
  'entry.onlySubmittedReturned': {
    en: '{code} {period} is {status}; only a submitted quarter can be returned.',
    zh: '{code} {period}的填报{status}，只有已提交的季度才能退回。',
  },
  'entry.returnNeedsReason': { en: 'Returning a submission needs a reason.', zh: '退回填报须填写理由。' },
  'entry.invalidValues': {
    en: '{problems}',
    zh: '填报数据有 {count} 处问题，请查看各指标旁的提示。',
    enOnly: ['problems'],
    zhOnly: ['count'],
  },
  'findings.quarterOnly': {
    en: 'Findings belong to a quarter (e.g. 2011Q3), not {period}.',
    zh: '督查发现须属于某一季度（如 2011Q3），不能属于“{period}”。',
  },
  'findings.badDeduction': {
    en: 'Deduction {deduction} must be from 0 to 100 with at most 2 decimals.',
    zh: '扣分 {deduction} 须在 0 到 100 之间，最多两位小数。',
  },
  'findings.deadlineNotDate': {
    en: 'Deadline {deadline} is not a date (write 2011-09-30).',
    zh: '整改期限“{deadline}”不是日期（请写成 2011-09-30）。',
  },
  'findings.deadlineBeforeQuarter': {
    en: "Deadline {deadline} is before the finding's quarter {period} ({start}).",
    zh: '整改期限 {deadline} 早于该督查发现所属的{period}（{start}）。',
  },
  'findings.needsDescription': { en: 'A finding needs a description.', zh: '督查发现须填写问题描述。' },
  'findings.roundNotOfPeriod': {
    en: 'Inspection round {roundId} is not a round of {period}.',
    zh: '督查轮次 {roundId} 不属于{period}。',
  },
  'findings.changedMeanwhile': {
    en: 'Finding {id} was changed by someone else (version {version}, yours {yours}); reload.',
    zh: '督查发现 {id} 已被他人修改（版本 {version}，您的版本 {yours}），请刷新后重试。',
  },
  'findings.appealedKeep': {
    en: 'Finding {id} has been appealed ({appealed}); the appeal keeps it: change its deduction instead of deleting it.',
    zh: '督查发现 {id} 已被申诉，申诉须保留该记录：请修改扣分，不要删除。',
    enOnly: ['appealed'],
  },
  'findings.rectifiedNotDate': {
    en: 'Rectification date {rectifiedAt} is not a date (write 2011-09-30).',
    zh: '整改日期“{rectifiedAt}”不是日期（请写成 2011-09-30）。',
  },
  'findings.rectifiedInFuture': {
    en: 'Rectification date {rectifiedAt} is in the future (today is {today}).',
    zh: '整改日期 {rectifiedAt} 晚于今天（{today}）。',
  },
  'findings.rectifiedBeforeRecorded': {
    en: 'Rectification date {rectifiedAt} is before the finding was recorded ({recorded}).',
    zh: '整改日期 {rectifiedAt} 早于该督查发现的登记日期（{recorded}）。',
  },
  'findings.describeRectification': {
    en: 'Describe what was done to rectify the finding.',
    zh: '请说明整改采取了哪些措施。',
  },
  'findings.alreadyConfirmed': {
    en: 'Finding {id} is already confirmed as rectified.',
    zh: '督查发现 {id} 已确认整改完成。',
  },
  'findings.claimWaiting': {
    en: 'Finding {id} already has a rectification claim waiting for an inspector; add evidence to it instead.',
    zh: '督查发现 {id} 已有待督查员确认的整改说明；请为其补充佐证材料。',
  },
  'findings.noClaimWaiting': {
    en: 'Finding {id} has no rectification waiting for confirmation.',
    zh: '督查发现 {id} 没有待确认的整改。',
  },
  'findings.rejectNeedsReason': { en: 'Rejecting a rectification needs a reason.', zh: '驳回整改须填写理由。' },
  'findings.fourEyes': {
    en: 'You entered this rectification claim yourself: another inspector must confirm it (four eyes).',
    zh: '这条整改说明是您本人录入的，须由另一名督查员确认（双人复核）。',
  },
  'findings.commendationQuarterOnly': {
    en: 'Commendations belong to a quarter, not {period}.',
    zh: '表彰加分须属于某一季度，不能属于“{period}”。',
  },
  'findings.badPoints': {
    en: 'Points {points} must be positive, at most 100, with at most 2 decimals.',
    zh: '加分 {points} 须大于 0、不超过 100，最多两位小数。',
  },
  'findings.commendationNeedsReason': { en: 'A commendation needs a reason.', zh: '表彰加分须填写理由。' },
  'findings.roundQuarterOnly': {
    en: 'Inspection rounds belong to a quarter, not {period}.',
    zh: '督查轮次须属于某一季度，不能属于“{period}”。',
  },
  'findings.roundDateNotDate': { en: 'Round date {date} is not a date.', zh: '轮次日期“{date}”不是日期。' },
  'demo.notEmpty': {
    en: 'The database is not empty: the demo data loads only into an empty database.',
    zh: '数据库不为空：演示数据只能载入空数据库。',
  },
  'backup.noDatabase': { en: 'There is no database in {dataDir} to back up.', zh: '{dataDir} 中没有可备份的数据库。' },
  'backup.noSuchFile': { en: 'No backup file {file}.', zh: '备份文件 {file} 不存在。' },
  'backup.notEmpty': {
    en: '{dataDir} is not empty: restore into an empty data directory.',
    zh: '{dataDir} 不为空：请恢复到空的数据目录。',
  },
  'backup.notABackup': { en: '{file} is not a Dukao backup.', zh: '{file} 不是督考系统的备份文件。' },
  'backup.restoreFailed': { en: '{file} could not be restored: {why}', zh: '{file} 无法恢复。', enOnly: ['why'] },
  'common.notBoundToUnit': { en: 'Your account is not bound to a unit.', zh: '您的账号未绑定单位。' },
  'bulletin.unknownSection': {
    en: 'Unknown bulletin section {section}: use {sections}.',
    zh: '未知通报段落 {section}：可选 {sections}。',
  },
  'common.sectionTooLong': {
    en: 'Section {section} is longer than 20000 characters.',
    zh: '段落 {section} 超过 20000 字。',
  },
  'reports.unknownSection': { en: 'Unknown report section {section}.', zh: '未知报告段落 {section}。' },
  'reports.unknownFigure': { en: 'Unknown report figure {key}.', zh: '未知报告数据项 {key}。' },
  'reports.figureNotNumber': {
    en: 'Report figure {key} = {value} must be a number ≥ 0.',
    zh: '报告数据项“{label}” = {value}，须为不小于 0 的数。',
    enOnly: ['key'],
    zhOnly: ['label'],
  },
  'reports.figureNotWhole': {
    en: 'Report figure {key} must be a whole number, got {value}.',
    zh: '报告数据项“{label}”须为整数，收到 {value}。',
    enOnly: ['key'],
    zhOnly: ['label'],
  },
  'evidence.badOwnerKind': {
    en: 'Evidence belongs to one of {kinds}, not "{ownerKind}".',
    zh: '佐证材料只能属于 {kinds}，不能属于“{ownerKind}”。',
  },
  'evidence.noSuchOwner': { en: 'No {ownerKind} {id}.', zh: '{ownerKind} {id} 不存在。' },
  'evidence.writersOnly': {
    en: 'Evidence is added and withdrawn by unit operators, inspectors and administrators.',
    zh: '佐证材料由单位信息员、督查员和管理员上传或撤回。',
  },
  'evidence.noSuchFile': { en: 'No evidence file {id}.', zh: '佐证材料 {id} 不存在。' },
  'evidence.tooLarge': {
    en: 'The file is larger than {limit}; evidence files may be at most {limit}.',
    zh: '文件超过 {limit}；佐证材料最大为 {limit}。',
  },
  'evidence.emptyFile': { en: 'The file is empty.', zh: '文件为空。' },
  'evidence.wrongType': {
    en: '"{name}" is a {type} file by its content; evidence must be PDF, JPEG, PNG, DOCX or XLSX (the file name does not count).',
    zh: '按内容判断，“{name}”是 {type} 文件；佐证材料须为 PDF、JPEG、PNG、DOCX 或 XLSX（以文件内容为准，不看文件名）。',
  },
  'evidence.unknownType': {
    en: '"{name}" is not a file type we recognise by its content; evidence must be PDF, JPEG, PNG, DOCX or XLSX (the file name does not count).',
    zh: '无法按内容识别“{name}”的文件类型；佐证材料须为 PDF、JPEG、PNG、DOCX 或 XLSX（以文件内容为准，不看文件名）。',
  },
  'http.sendFileJson': {
    en: 'Send JSON {"fileName": "…", "contentBase64": "…"} with the file in base64.',
    zh: '请求格式不正确：须以 JSON 发送 fileName 和 base64 编码的 contentBase64。',
  },
  'http.uploadTooLarge': {
    en: 'The file is {size} MB; at most {max} MB can be uploaded. Split it into smaller files.',
    zh: '文件大小为 {size} MB，最多可上传 {max} MB。请拆分为较小的文件。',
  },
  'http.badBase64': { en: 'contentBase64 is not valid base64.', zh: '上传内容不是有效的 base64 编码。' },
  'http.unitRequired': { en: 'unit is required, e.g. unit=T01.', zh: '缺少单位（unit），例如 unit=T01。' },
  'http.quarterRequired': {
    en: 'period is required, written as a quarter such as 2011Q3.',
    zh: '缺少期间（period），须为季度，例如 2011Q3。',
  },
  'http.noSuchImport': {
    en: 'There is no import of "{kind}": use units, values, findings or commendations.',
    zh: '没有“{kind}”这种导入：可选单位、数据、督查发现或表彰加分。',
  },
  'common.notFound': { en: 'Not found.', zh: '未找到。' },
  'common.signInFirst': { en: 'Sign in first.', zh: '请先登录。' },
  'http.evidenceQuery': {
    en: 'Send ownerKind, ownerId and name in the query, e.g. ?ownerKind=claim&ownerId=12&name=照片.jpg.',
    zh: '请求缺少 ownerKind、ownerId 或 name 参数，例如 ?ownerKind=claim&ownerId=12&name=照片.jpg。',
  },
  'http.evidenceBody': {
    en: 'Send the file itself as the body, with Content-Type: application/octet-stream.',
    zh: '请以 application/octet-stream 类型在请求正文中发送文件本身。',
  },
  'common.needsRole': { en: 'This needs the role {roles}.', zh: '此操作需要以下角色：{roles}。' },
  'common.unitOperatorUnbound': { en: 'This unit operator is bound to no unit.', zh: '此单位信息员未绑定单位。' },
  'cli.badJson': { en: '{arg} is not valid JSON: {why}', zh: '{arg} 不是有效的 JSON。', enOnly: ['why'] },
  'http.sendCode': { en: 'Send {"code"}: six digits or a recovery code.', zh: '请输入六位验证码或一个恢复码。' },
  'http.sendPasswords': { en: 'Send {"current","next"}.', zh: '请输入当前密码和新密码。' },
  'http.badFormat': { en: 'format must be one of {formats}.', zh: '格式（format）须为以下之一：{formats}。' },
  'http.periodRequired': {
    en: 'period is required, written 2011Q3 or 2011.',
    zh: '缺少期间（period），请写成 2011Q3 或 2011。',
  },
  'http.auditExportOnly': {
    en: 'The audit log is exported by the audit administrator.',
    zh: '审计日志由审计管理员导出。',
  },
  'http.badDate': { en: '{name} is a date such as 2011-09-30.', zh: '{name} 须为日期，例如 2011-09-30。' },
  'http.boardCityOnly': {
    en: 'The rectification board is for inspectors and leadership.',
    zh: '整改督办看板仅供督查员和领导查看。',
  },
  'http.rankingCityOnly': { en: 'The full ranking is for city-wide roles.', zh: '完整排名仅供全市范围的角色查看。' },
  'http.badVersion': {
    en: 'version is a whole number from 1 (公示第N版).',
    zh: '版本（version）须为从 1 开始的整数（公示第N版）。',
  },
  'http.yearRequired': { en: 'year is required, e.g. year=2011.', zh: '缺少年份（year），例如 year=2011。' },
  'auth.tooManySignIns': { en: 'Too many failed sign-ins; try again later.', zh: '登录失败次数过多，请稍后再试。' },
  'auth.tooManyCodes': { en: 'Too many wrong codes; try later.', zh: '验证码错误次数过多，请稍后再试。' },
  'auth.tooManyPasswords': {
    en: 'Too many wrong current passwords; try again later.',
    zh: '当前密码错误次数过多，请稍后再试。',
  },
  'totp.replayed': {
    en: 'This code was used already; wait for the next one the app shows.',
    zh: '此验证码已使用过，请等待认证应用显示下一个验证码。',
  },
  'auth.pendingTotp': {
    en: 'Give the code of your authenticator app first (POST /auth/totp).',
    zh: '请先输入认证应用中的验证码。',
  },
  'auth.pendingPassword': { en: 'Change your password first (POST /auth/password).', zh: '请先修改密码。' },
  'auth.pendingEnrol': {
    en: 'Enrol a second factor (an authenticator app) first.',
    zh: '请先绑定第二认证因子（认证应用）。',
  },
  'schemes.invalid': {
    en: '{errors}',
    zh: '评分方案未通过检查（{count} 处问题），未保存。',
    enOnly: ['errors'],
    zhOnly: ['count'],
  },
  'appeals.rejectedKeepsDeduction': {
    en: 'A rejected appeal leaves the deduction as it is: send no new deduction.',
    zh: '申诉不成立时扣分不变，请不要填写新的扣分。',
  },
  'appeals.upheldWithdraws': {
    en: 'An upheld appeal withdraws the deduction (0), not {asked}; partly uphold it instead.',
    zh: '申诉成立即撤销扣分（0），不能是 {asked}；如需改为其他扣分，请选择部分成立。',
  },
  'appeals.partlyNeedsDeduction': {
    en: 'A partly upheld appeal needs the new deduction (more than 0, less than {current}).',
    zh: '部分成立须填写新的扣分（大于 0，小于 {current}）。',
  },
  'appeals.badNewDeduction': {
    en: 'The new deduction {asked} must be more than 0 and less than the current {current}, with at most 2 decimals.',
    zh: '新的扣分 {asked} 须大于 0、小于当前扣分 {current}，最多两位小数。',
  },
  'password.short': {
    en: 'The password has {length} characters; it needs at least {min} (at least 8 characters using 3 of: lower-case letters, upper-case letters, digits, other characters; not the username and not a commonly used password).',
    zh: '密码只有 {length} 个字符，至少需要 {min} 个（至少 8 个字符，包含小写字母、大写字母、数字、其他字符中的三类，不能是用户名，也不能是常用密码）。',
  },
  'password.long': { en: 'A password may have at most {max} characters.', zh: '密码最多 {max} 个字符。' },
  'password.blank': { en: 'A password cannot be only spaces.', zh: '密码不能全是空格。' },
  'password.classes': {
    en: 'The password uses {used} of the 4 kinds of character; it needs 3 (at least 8 characters using 3 of: lower-case letters, upper-case letters, digits, other characters; not the username and not a commonly used password).',
    zh: '密码只用了 4 类字符中的 {used} 类，至少需要 3 类（小写字母、大写字母、数字、其他字符）。',
  },
  'password.username': {
    en: 'The password may not be or contain the username.',
    zh: '密码不能是用户名，也不能包含用户名。',
  },
  'password.common': {
    en: 'That password is one of the most commonly used; choose another.',
    zh: '该密码属于最常用的密码，请另选一个。',
  },
  'input.invalid': { en: '{problems}', zh: '以下内容不合法：{fields}。', enOnly: ['problems'], zhOnly: ['fields'] },
  'common.internal': { en: 'Internal error.', zh: '服务器内部错误，请稍后重试；如仍失败，请联系管理员。' },
  'common.databaseUnavailable': {
    en: 'The database is unavailable for a moment (failover or restart); retry in a few seconds.',
    zh: '数据库暂时不可用（正在切换或重启），请几秒后重试。',
  },
  'http.methodNotAllowed': { en: 'Only GET and POST are accepted.', zh: '只接受 GET 和 POST 请求。' },
  'http.needsJson': {
    en: 'State-changing requests must send JSON (Content-Type: application/json).',
    zh: '修改数据的请求须以 JSON 发送（Content-Type: application/json）。',
  },
  'http.crossOrigin': { en: 'Cross-origin request refused.', zh: '已拒绝跨站请求。' },
  'http.bigAnonymous': {
    en: 'Sign in first: requests of more than {kb} KB need a session.',
    zh: '请先登录：超过 {kb} KB 的请求需要登录后发送。',
  },
  'http.separatedAdmins': {
    en: 'The security and audit administrators do not see assessment data.',
    zh: '安全管理员和审计管理员不能查看考核数据。',
  },
  'http.sendLogin': { en: 'Send {"username","password"}.', zh: '请输入用户名和密码。' },
  'http.badJsonBody': {
    en: 'The request body is not valid JSON: send {"fileName": "…", "contentBase64": "…"}.',
    zh: '请求正文不是有效的 JSON：须发送 fileName 和 contentBase64。',
  },
  'rows.unitMissing': { en: 'the unit is missing ({unit} {period})', zh: '缺少单位（{unit} {period}）' },
  'rows.unknownUnitValue': {
    en: 'unknown unit "{unit}" ({unit} {period}: {indicator} = {value})',
    zh: '未知单位“{unit}”（{period}：{indicatorZh} = {value}）',
    enOnly: ['indicator'],
    zhOnly: ['indicatorZh'],
  },
  'rows.unknownUnit': { en: 'unknown unit "{unit}" ({unit} {period})', zh: '未知单位“{unit}”（{period}）' },
  'rows.notYourUnit': { en: 'unit {unit} is not your unit', zh: '单位 {unit} 不是您的单位' },
  'rows.valuesYear': {
    en: '{unit} {period}: values are entered per quarter ({year}Q1 … {year}Q4), not for the year {year}',
    zh: '{unit} {period}：数据按季度填报（{year}Q1 … {year}Q4），不能按年度填报',
  },
  'rows.findingsYear': {
    en: '{unit} {period}: findings and commendations belong to a quarter ({year}Q1 … {year}Q4), not the year {year}',
    zh: '{unit} {period}：督查发现和表彰加分须属于某一季度（{year}Q1 … {year}Q4），不能属于整个年度',
  },
  'rows.unknownPeriod': {
    en: '{unit} {period}: unknown period "{given}" (write 2011Q3)',
    zh: '{unit}：未知期间“{given}”（请写成 2011Q3）',
    enOnly: ['period'],
  },
  'rows.unknownIndicator': {
    en: '{unit} {period}: unknown indicator "{indicator}"',
    zh: '{unit} {period}：未知指标“{indicator}”',
  },
  'rows.noIndicatorKey': {
    en: "{unit} {period}: a value was entered on a row without an indicator key; use the template's rows",
    zh: '{unit} {period}：该行没有指标代码却填写了数值；请使用模板中原有的行',
  },
  'rows.appearsAgain': {
    en: '{unit} {period}: {indicator} appears again (first on row {first})',
    zh: '{unit} {period}：“{indicatorZh}”重复出现（首次出现在第 {first} 行）',
    enOnly: ['indicator'],
    zhOnly: ['indicatorZh'],
  },
  'rows.notNumber': {
    en: '{unit} {period}: {indicator} is not a number ({got})',
    zh: '{unit} {period}：“{indicatorZh}”不是数字（{got}）',
    enOnly: ['indicator'],
    zhOnly: ['indicatorZh'],
  },
  'rows.notWhole': {
    en: '{unit} {period}: {indicator} must be a whole number, got {got}',
    zh: '{unit} {period}：“{indicatorZh}”须为整数，收到 {got}',
    enOnly: ['indicator'],
    zhOnly: ['indicatorZh'],
  },
  'rows.negative': {
    en: '{unit} {period}: {indicator} = {got} is negative',
    zh: '{unit} {period}：“{indicatorZh}” = {got}，不能为负数',
    enOnly: ['indicator'],
    zhOnly: ['indicatorZh'],
  },
  'rows.tooLarge': {
    en: '{unit} {period}: {indicator} = {got} is too large',
    zh: '{unit} {period}：“{indicatorZh}” = {got}，数值过大',
    enOnly: ['indicator'],
    zhOnly: ['indicatorZh'],
  },
  'rows.lockedImport': {
    en: '{unit} {period}: the quarter is locked; reopen it before importing',
    zh: '{unit} {period}：该季度已锁定，请先重新开放再导入',
  },
  'rows.locked': {
    en: '{unit} {period}: the quarter is locked; reopen it first',
    zh: '{unit} {period}：该季度已锁定，请先重新开放',
  },
  'rows.badSeverity': {
    en: '{unit} {period}: severity "{severity}" is not one of minor, major, veto',
    zh: '{unit} {period}：严重程度“{severity}”须为 minor（一般）、major（严重）或 veto（一票否决）之一',
  },
  'rows.badDeduction': {
    en: '{unit} {period}: deduction "{deduction}" must be a number from 0 to 100 with at most 2 decimals',
    zh: '{unit} {period}：扣分“{deduction}”须为 0 到 100 之间的数，最多两位小数',
  },
  'rows.badDescription': {
    en: '{unit} {period}: description must be 1–2000 characters',
    zh: '{unit} {period}：问题描述须为 1–2000 个字',
  },
  'rows.deadlineNotDate': {
    en: '{unit} {period}: deadline "{deadline}" is not a date (write 2011-09-30)',
    zh: '{unit} {period}：整改期限“{deadline}”不是日期（请写成 2011-09-30）',
  },
  'rows.deadlineBefore': {
    en: "{unit} {period}: deadline {deadline} is before the finding's quarter ({start})",
    zh: '{unit} {period}：整改期限 {deadline} 早于该督查发现所属季度（{start}）',
  },
  'rows.rectifiedNotDate': {
    en: '{unit} {period}: rectified_at "{rectifiedAt}" is not a date (write 2011-09-30)',
    zh: '{unit} {period}：整改日期（rectified_at）“{rectifiedAt}”不是日期（请写成 2011-09-30）',
  },
  'rows.rectifiedBefore': {
    en: "{unit} {period}: rectified_at {rectifiedAt} is before the finding's quarter ({start})",
    zh: '{unit} {period}：整改日期 {rectifiedAt} 早于该督查发现所属季度（{start}）',
  },
  'rows.badPoints': {
    en: '{unit} {period}: points "{points}" must be a positive number up to 100 with at most 2 decimals',
    zh: '{unit} {period}：加分“{points}”须为大于 0、不超过 100 的数，最多两位小数',
  },
  'rows.badReason': {
    en: '{unit} {period}: reason must be 1–2000 characters',
    zh: '{unit} {period}：理由须为 1–2000 个字',
  },
  'rows.badUnitCode': {
    en: 'unit code "{code}" must be 1–32 letters, digits, dot, dash or underscore',
    zh: '单位代码“{code}”须为 1–32 位字母、数字、点、短横线或下划线',
  },
  'rows.reservedUnitCode': {
    en: 'unit code "{code}" is reserved ({reserved}); choose another code',
    zh: '单位代码“{code}”为系统保留（{reserved}），请另选代码',
  },
  'rows.unitAgain': {
    en: 'unit {code} appears again (first on row {first})',
    zh: '单位 {code} 重复出现（首次出现在第 {first} 行）',
  },
  'rows.badUnitName': { en: 'unit {code}: name must be 1–120 characters', zh: '单位 {code}：名称须为 1–120 个字' },
  'rows.badUnitType': {
    en: 'unit {code}: type "{type}" is not one of {types}',
    zh: '单位 {code}：类型“{type}”须为 {types} 之一',
  },
  'rows.ownParent': { en: 'unit {code} cannot be its own parent', zh: '单位 {code} 不能是自己的上级单位' },
  'rows.noParent': {
    en: 'unit {code}: parent unit {parent} does not exist',
    zh: '单位 {code}：上级单位 {parent} 不存在',
  },
  'rows.headerCellTooLong': {
    en: 'column {column} of the header is longer than {max} characters',
    zh: '表头第 {column} 列超过 {max} 个字',
  },
  'rows.cellTooLong': { en: 'column {column} is longer than {max} characters', zh: '第 {column} 列超过 {max} 个字' },
  'rows.badHeader': {
    en: '{problems} (expected {expected})',
    zh: '表头不符：{problemsZh}（应为 {expected}）',
    enOnly: ['problems'],
    zhOnly: ['problemsZh'],
  },
  'values.unknownIndicator': {
    en: '{unit} {period}: unknown indicator {indicator}',
    zh: '{unit} {period}：未知指标 {indicator}',
  },
  'values.notWhole': {
    en: '{unit} {period}: {indicator} must be a whole number, got {value}',
    zh: '{unit} {period}：“{indicatorZh}”须为整数，收到 {value}',
    enOnly: ['indicator'],
    zhOnly: ['indicatorZh'],
  },
  'values.belowMin': {
    en: '{unit} {period}: {indicator} = {value} is below the minimum {min}',
    zh: '{unit} {period}：“{indicatorZh}” = {value}，低于最小值 {min}',
    enOnly: ['indicator'],
    zhOnly: ['indicatorZh'],
  },
  'values.aboveMax': {
    en: '{unit} {period}: {indicator} = {value} is above the maximum {max}',
    zh: '{unit} {period}：“{indicatorZh}” = {value}，超过最大值 {max}',
    enOnly: ['indicator'],
    zhOnly: ['indicatorZh'],
  },
  'values.tooLarge': {
    en: '{unit} {period}: {indicator} = {value} is too large',
    zh: '{unit} {period}：“{indicatorZh}” = {value}，数值过大',
    enOnly: ['indicator'],
    zhOnly: ['indicatorZh'],
  },
  'values.wrongGroup': {
    en: '{unit} {period}: {indicator} applies only to {group} units, got {value}',
    zh: '{unit} {period}：“{indicatorZh}”只适用于{group}单位，此处填了 {value}',
    enOnly: ['indicator'],
    zhOnly: ['indicatorZh'],
  },
  'values.aboveOne': {
    en: '{unit} {period}: {indicator} = {value} is above {other} = {total}',
    zh: '{unit} {period}：“{indicatorZh}” = {value}，超过“{otherZh}” = {total}',
    enOnly: ['indicator', 'other'],
    zhOnly: ['indicatorZh', 'otherZh'],
  },
  'values.aboveSum': {
    en: '{unit} {period}: {indicator} = {value} is above the sum of {others} = {total}',
    zh: '{unit} {period}：“{indicatorZh}” = {value}，超过{othersZh}之和 {total}',
    enOnly: ['indicator', 'others'],
    zhOnly: ['indicatorZh', 'othersZh'],
  },
  'values.repliesExceed': {
    en: '{unit} {period}: replies ({replies}) exceed requests ({requests}); only requests carried over from earlier can explain this',
    zh: '{unit} {period}：答复数（{replies}）超过申请数（{requests}），只有以前结转的申请才能解释这种情况',
  },
  'rows.notDecimal': {
    en: '{unit} {period}: {indicator} must be a number with at most 2 decimals, got {got}',
    zh: '{unit} {period}：“{indicatorZh}”须为最多两位小数的数，收到 {got}',
    enOnly: ['indicator'],
    zhOnly: ['indicatorZh'],
  },
  'scheme.notJson': { en: 'The scheme is not valid JSON ({why}).', zh: '评分方案不是有效的 JSON。', enOnly: ['why'] },
  'scheme.unknownIndicator': {
    en: '{owner} reads unknown indicator "{indicator}", which is neither in the catalogue nor a derived total.',
    zh: '{ownerZh}引用了未知指标“{indicator}”，它既不在指标目录中，也不是派生合计。',
    enOnly: ['owner'],
    zhOnly: ['ownerZh'],
  },
  'scheme.duplicateCode': {
    en: 'Rule code "{code}" is used by more than one rule; codes must be unique.',
    zh: '规则代码“{code}”被多条规则使用；规则代码必须唯一。',
  },
  'scheme.groupTwice': {
    en: 'Rule "{code}" lists group "{group}" twice.',
    zh: '规则“{code}”重复列出了分组“{group}”。',
  },
  'scheme.unknownTarget': {
    en: 'Rule "{code}" divides by unknown target "{target}"; the scheme\'s targets are {targets}.',
    zh: '规则“{code}”的分母是未知目标“{target}”；方案中的目标有 {targets}。',
  },
  'scheme.unknownTargetNone': {
    en: 'Rule "{code}" divides by unknown target "{target}"; the scheme has no targets.',
    zh: '规则“{code}”的分母是未知目标“{target}”；方案中没有任何目标。',
  },
  'scheme.whenZeroTooHigh': {
    en: 'Rule "{code}" awards {whenZero} points when its denominator is 0, more than its {points} points.',
    zh: '规则“{code}”在分母为 0 时给 {whenZero} 分，超过了该规则的分值 {points} 分。',
  },
  'scheme.groupWithoutRule': {
    en: 'No rule applies to group "{group}"; every group needs at least one rule.',
    zh: '没有规则适用于分组“{group}”；每个分组至少需要一条规则。',
  },
  'scheme.bandTwice': { en: 'Grade band "{grade}" appears more than once.', zh: '等级“{grade}”出现了不止一次。' },
  'scheme.bandsOrder': {
    en: 'Grade bands are out of order: "{grade}" comes after "{previous}"; list them excellent, good, pass.',
    zh: '等级顺序不对：“{grade}”排在“{previous}”之后；请按优秀（excellent）、良好（good）、合格（pass）的顺序排列。',
  },
  'scheme.bandsMin': {
    en: 'Grade bands are out of order: "{grade}" (min {min}) must have a lower min than "{previous}" (min {previousMin}).',
    zh: '等级顺序不对：“{grade}”（最低分 {min}）的最低分须低于“{previous}”（最低分 {previousMin}）。',
  },
  'scheme.missingField': {
    en: '{owner} is missing {field}.',
    zh: '{ownerZh}缺少{fieldZh}。',
    enOnly: ['owner', 'field'],
    zhOnly: ['ownerZh', 'fieldZh'],
  },
  'scheme.missing': { en: '{owner} is missing.', zh: '缺少{ownerZh}。', enOnly: ['owner'], zhOnly: ['ownerZh'] },
  'scheme.wrongTypeField': {
    en: '{owner} has {field} of the wrong type; it must be {type}.',
    zh: '{ownerZh}的{fieldZh}类型不对，须为{typeZh}。',
    enOnly: ['owner', 'type', 'field'],
    zhOnly: ['ownerZh', 'typeZh', 'fieldZh'],
  },
  'scheme.wrongType': {
    en: '{owner} must be {type}.',
    zh: '{ownerZh}须为{typeZh}。',
    enOnly: ['owner', 'type'],
    zhOnly: ['ownerZh', 'typeZh'],
  },
  'scheme.numberField': {
    en: '{owner} has {field} {value}; it must be {bound} {limit}.',
    zh: '{ownerZh}的{fieldZh}为 {value}，须{boundZh} {limit}。',
    enOnly: ['owner', 'bound', 'field'],
    zhOnly: ['ownerZh', 'boundZh', 'fieldZh'],
  },
  'scheme.number': {
    en: '{owner} is {value}; it must be {bound} {limit}.',
    zh: '{ownerZh}为 {value}，须{boundZh} {limit}。',
    enOnly: ['owner', 'bound'],
    zhOnly: ['ownerZh', 'boundZh'],
  },
  'scheme.emptyListField': {
    en: '{owner} has no {field}; at least {minimum} is needed.',
    zh: '{ownerZh}没有{fieldZh}，至少需要 {minimum} 项。',
    enOnly: ['owner', 'field'],
    zhOnly: ['ownerZh', 'fieldZh'],
  },
  'scheme.emptyList': {
    en: '{owner} is empty; at least {minimum} is needed.',
    zh: '{ownerZh}为空，至少需要 {minimum} 项。',
    enOnly: ['owner'],
    zhOnly: ['ownerZh'],
  },
  'scheme.emptyTextField': {
    en: '{owner} has an empty {field}.',
    zh: '{ownerZh}的{fieldZh}为空。',
    enOnly: ['owner', 'field'],
    zhOnly: ['ownerZh', 'fieldZh'],
  },
  'scheme.emptyText': { en: '{owner} is empty.', zh: '{ownerZh}为空。', enOnly: ['owner'], zhOnly: ['ownerZh'] },
  'scheme.unknownValue': {
    en: '{owner} has unknown {noun} {value}; it must be one of {values}.',
    zh: '{ownerZh}的{nounZh}为未知值 {value}，须为{valuesZh}之一。',
    enOnly: ['owner', 'noun', 'values'],
    zhOnly: ['ownerZh', 'nounZh', 'valuesZh'],
  },
  'scheme.missingKind': {
    en: '{owner} is missing {field}; it must be one of {kinds}.',
    zh: '{ownerZh}缺少{fieldZh}，须为{kindsZh}之一。',
    enOnly: ['owner', 'field', 'kinds'],
    zhOnly: ['ownerZh', 'fieldZh', 'kindsZh'],
  },
  'scheme.unknownKind': {
    en: '{owner} has unknown {field} {value}; it must be one of {kinds}.',
    zh: '{ownerZh}的{fieldZh}为未知值 {value}，须为{kindsZh}之一。',
    enOnly: ['owner', 'field', 'kinds'],
    zhOnly: ['ownerZh', 'fieldZh', 'kindsZh'],
  },
  'scheme.invalidUnion': {
    en: '{owner} has an invalid {field}: {why}.',
    zh: '{ownerZh}的{fieldZh}不合法。',
    enOnly: ['owner', 'why', 'field'],
    zhOnly: ['ownerZh', 'fieldZh'],
  },
  'scheme.invalidFormat': {
    en: '{owner} has {field} {value}, which is not valid: {why}.',
    zh: '{ownerZh}的{fieldZh}为 {value}，格式不合法。',
    enOnly: ['owner', 'why', 'field'],
    zhOnly: ['ownerZh', 'fieldZh'],
  },
  'scheme.invalid': {
    en: '{owner}{fieldPart}: {why}.',
    zh: '{ownerZh}{fieldPartZh}不合法。',
    enOnly: ['owner', 'why', 'fieldPart'],
    zhOnly: ['ownerZh', 'fieldPartZh'],
  },
  'http.uploadTooLargeEarly': {
    en: 'The upload is too large; files of at most {max} MB can be imported. Split it into smaller files.',
    zh: '上传内容过大，最多可导入 {max} MB 的文件。请拆分为较小的文件。',
  },
} as const satisfies Record<string, Entry>;

export type ServerMessageKey = keyof typeof SERVER_MESSAGES;

/** A refusal as data: the key and its parameters (what domain checks return, what AppError carries). */
export type ServerMessage = { readonly key: ServerMessageKey; readonly params?: ServerMessageParams };

export function isServerMessageKey(key: unknown): key is ServerMessageKey {
  return typeof key === 'string' && Object.hasOwn(SERVER_MESSAGES, key);
}

const QUARTER_ZH = ['一', '二', '三', '四'];
const ROLE_ZH: Record<string, string> = {
  leadership: '领导',
  inspector: '督查员',
  unit: '单位信息员',
  admin: '管理员',
  security: '安全管理员',
  audit: '审计管理员',
};
const STATUS_ZH: Record<string, string> = {
  draft: '为草稿',
  submitted: '已提交',
  verified: '已核验',
  returned: '已退回',
  open: '待复核',
  upheld: '申诉成立',
  partly_upheld: '部分成立',
  rejected: '申诉不成立',
};
export const GROUP_ZH: Record<string, string> = { grassroots: '乡镇街道', organs: '市直单位' };
/** Grade names as the scheme writes them (its bands), in words. */
export const GRADE_ZH: Record<string, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };
/** What an import row names when a cell is empty (server/services/imports). */
const MISSING_ZH: Record<string, string> = { '(no unit)': '（未填单位）', '(no period)': '（未填期间）' };
const OWNER_KIND_ZH: Record<string, string> = {
  claim: '整改说明',
  submission: '季度填报',
  commendation: '表彰加分',
  appeal: '申诉',
};

/** A period code as a Chinese reader writes it (2011Q3 → 2011年第三季度, 2011 → 2011年度); other text as it is. */
export function periodZh(code: string): string {
  const q = /^(\d{4})Q([1-4])$/.exec(code);
  if (q) return `${q[1]}年第${QUARTER_ZH[Number(q[2]) - 1]}季度`;
  return /^\d{4}$/.test(code) ? `${code}年度` : code;
}

function paramZh(name: string, value: string | number): string {
  const text = String(value);
  if (MISSING_ZH[text]) return MISSING_ZH[text];
  if (/^period\d*$/.test(name)) return periodZh(text);
  if (name === 'group') return GROUP_ZH[text] ?? text;
  if (name === 'grade' || name === 'previous') return GRADE_ZH[text] ?? text;
  if (name === 'role') return ROLE_ZH[text] ?? text;
  if (name === 'roles')
    return text
      .split(' or ')
      .map((r) => ROLE_ZH[r] ?? r)
      .join('或');
  if (name === 'status') return STATUS_ZH[text] ?? text;
  if (name === 'ownerKind') return OWNER_KIND_ZH[text] ?? text;
  return text;
}

/** The placeholders of a template, in order of first appearance. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))];
}

/** The sentence of `key` in `lang`, its placeholders filled from `params` (a missing one stays as `{name}`). */
export function renderServerMessage(
  key: ServerMessageKey,
  params: ServerMessageParams | undefined,
  lang: ServerMessageLang,
): string {
  const template: string = SERVER_MESSAGES[key][lang];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params?.[name];
    if (value === undefined) return whole;
    return lang === 'zh' ? paramZh(name, value) : String(value);
  });
}
