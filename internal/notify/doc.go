// Package notify is the inbox (待办), the calendar of due dates (截止日期)
// and the delivery of both outside the product (e-mail, WeCom and DingTalk
// group robots).
//
// A procedure that waits on someone calls Wait inside its own transaction,
// naming the item by a key of its own ("exemption:12"), what it is, where to
// act (a link), and who must act: the holders of a permission at a place of
// the tree, or one account. The item shows in the inbox of everyone whose
// grants satisfy that permission there (auth.Decide), until the procedure
// calls Done with the key, whoever acted. Read marks are per account.
//
// Due dates are computed from the data by sources that capabilities
// register (AddSource): each returns the deadlines not yet met in a range
// of dates; one registered with AddKeptSource is asked once per range and
// day while the tables it reads are unchanged (cache.go). The calendar shows them within the actor's scope; a periodic
// sweep turns those close or past due into inbox items, and clears them
// when their source no longer returns them.
//
// Delivery: a periodic dispatch makes one delivery row per item ×
// recipient × channel (unique by its key, so that two processes never make
// one message twice) and queues a job for each in the database queue; the
// job claims its row, sends, and marks it sent, and the queue retries it
// after a failure. Users choose e-mail and a daily digest on their
// preferences page; counties and schools set their robots' webhook URLs,
// which are secrets: masked on screens and never logged. A message names
// the item and links to it, nothing more.
package notify
