package engine

import "errors"

// Errors returned by Validator.Request may implement these to say more.
type (
	// notJSONError marks a frame that is not JSON at all.
	notJSONError interface{ NotJSON() bool }
	// frameIDError carries the id of a frame that failed validation, when
	// the frame had a string id.
	frameIDError interface{ FrameID() (string, bool) }
)

// isNotJSON reports whether err says the frame was not JSON.
func isNotJSON(err error) bool {
	var e notJSONError
	return errors.As(err, &e) && e.NotJSON()
}

// invalidFrameID is the response id used for a frame without a usable id.
const invalidFrameID = "invalid"

// frameID returns the id to answer an invalid frame with.
func frameID(err error) string {
	var e frameIDError
	if errors.As(err, &e) {
		if id, ok := e.FrameID(); ok {
			return id
		}
	}
	return invalidFrameID
}
